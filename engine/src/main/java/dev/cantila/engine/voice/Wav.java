package dev.cantila.engine.voice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small real WAV files (8 kHz, 16-bit mono PCM, a quiet 440 Hz tone) for the simulated switch's recordings. */
final class Wav {
    private static final int RATE = 8000;

    private Wav() {
    }

    static void write(Path file, long millis) throws IOException {
        int samples = (int) Math.min(Integer.MAX_VALUE / 4, millis * RATE / 1000);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (2000 * Math.sin(2 * Math.PI * 440 * i / RATE)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }
}
