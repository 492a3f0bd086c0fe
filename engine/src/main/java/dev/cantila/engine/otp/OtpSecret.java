package dev.cantila.engine.otp;

import dev.cantila.engine.config.OtpSettings;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The install secret and what it keys: {@link #hash} (HMAC-SHA256, how a code is stored and checked, compared in
 * constant time by {@link #matches}) and {@link #seal}/{@link #open} (AES-256-GCM, for what must be repeated later:
 * the code of a pending verification for a re-send, and the real text of a code SMS for the carrier).
 *
 * <p>The secret never lives in the database it protects: it is {@code CANTILA_OTP_SECRET} / {@code cantila.otp.secret},
 * or else 32 random bytes in a file of the data directory ({@code otp-secret}) created on first start readable by
 * its owner only. Losing it makes pending codes unverifiable (users ask for a new one); nothing else depends on it.
 * Two subkeys are derived from it, one per use, so that a hash can never be mistaken for a seal.
 *
 * <p>Thread-safe: immutable; each call makes its own {@link Mac}/{@link Cipher}.
 */
public final class OtpSecret {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;

    private final SecretKeySpec macKey;
    private final SecretKeySpec sealKey;

    OtpSecret(byte[] master) {
        this.macKey = new SecretKeySpec(derive(master, "cantila-otp-hash"), "HmacSHA256");
        this.sealKey = new SecretKeySpec(derive(master, "cantila-otp-seal"), "AES");
    }

    /** The configured secret, or the data directory's secret file (created on first start). */
    public static OtpSecret load(OtpSettings settings) {
        if (settings.secret() != null) {
            return new OtpSecret(settings.secret().getBytes(StandardCharsets.UTF_8));
        }
        return new OtpSecret(fromFile(settings.secretFile()));
    }

    /**
     * Reads the secret file, creating it first if missing. Creation is atomic: the secret is written to a private
     * temporary file that is then hard-linked to the name, which fails if another process got there first (whose
     * secret is then read), so two starts can never run with different secrets.
     */
    static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".otp-secret", ".tmp", owner());
                try {
                    byte[] fresh = new byte[32];
                    RANDOM.nextBytes(fresh);
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // another start created it meanwhile: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] master = Base64.getDecoder().decode(Files.readString(file).strip());
            if (master.length < 16) {
                throw new IllegalStateException("the OTP secret file " + file + " holds " + master.length
                        + " bytes; at least 16 are needed (delete it to have a new one made)");
            }
            return master;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the OTP secret file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the OTP secret file " + file + " is not base64 (delete it to have a new"
                    + " one made)", e);
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] owner() {
        try {
            if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return new java.nio.file.attribute.FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions
        }
        return new java.nio.file.attribute.FileAttribute<?>[0];
    }

    /** HMAC-SHA256 of {@code text}, hex. */
    public String hash(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** Whether {@code text} hashes to {@code expectedHex}, in time independent of where they differ. */
    public boolean matches(String text, String expectedHex) {
        return MessageDigest.isEqual(hash(text).getBytes(StandardCharsets.US_ASCII),
                expectedHex.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code clear} encrypted and authenticated: base64 of nonce and ciphertext. */
    public String seal(String clear) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JVM", e);
        }
    }

    /** What {@link #seal} sealed, or null when {@code sealed} was not sealed with this secret (or was altered). */
    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            if (in.length <= NONCE) {
                return null;
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, in, 0, NONCE));
            return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
