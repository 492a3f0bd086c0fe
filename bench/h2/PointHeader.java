import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Opens a COPY of a killed H2 file, optionally with its store header pointed at another chunk, and runs queries:
 * shows what the acknowledged writes in a chunk that recovery did not open would have been.
 *
 * <pre>java -cp h2.jar bench/h2/PointHeader.java FILE.mv.db BLOCK,CHUNK,VERSION|- "select ..." ...</pre>
 * (hex, as {@code h2-chunks} and MVStoreTool print them; {@code -} leaves the header as it is).
 */
public class PointHeader {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("point-header");
        Path db = dir.resolve("db.mv.db");
        Files.copy(Path.of(args[0]), db);
        if (!args[1].equals("-")) {
            String[] to = args[1].split(",");
            try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer in = ByteBuffer.allocate(4096);
                ch.read(in, 0);
                String h = new String(in.array(), StandardCharsets.ISO_8859_1);
                h = h.substring(0, h.indexOf(",fletcher:"));
                h = h.replaceAll("block:[0-9a-f]+", "block:" + to[0]).replaceAll("chunk:[0-9a-f]+", "chunk:" + to[1])
                        .replaceAll("version:[0-9a-f]+", "version:" + to[2]);
                byte[] bytes = h.getBytes(StandardCharsets.ISO_8859_1);
                String header = h + ",fletcher:" + Integer.toHexString(
                        org.h2.mvstore.DataUtils.getFletcher32(bytes, 0, bytes.length)) + "\n";
                System.out.println("header: " + header.strip());
                ByteBuffer out = ByteBuffer.allocate(8192); // the header is stored twice, in blocks 0 and 1
                out.put(header.getBytes(StandardCharsets.ISO_8859_1)).position(4096);
                out.put(header.getBytes(StandardCharsets.ISO_8859_1)).rewind();
                ch.write(out, 0);
            }
        }
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (int i = 2; i < args.length; i++) {
                StringBuilder line = new StringBuilder(args[i]).append(" ->");
                try (ResultSet rs = s.executeQuery(args[i])) {
                    while (rs.next()) {
                        line.append(' ');
                        for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                            line.append(k > 1 ? "|" : "").append(rs.getString(k));
                        }
                    }
                }
                System.out.println(line);
            }
        }
    }
}
