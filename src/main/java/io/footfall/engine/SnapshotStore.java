package io.footfall.engine;

import io.footfall.analytics.ZoneMinute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Site snapshots on local disk, {@code <dir>/<site>.bin}: the analytics state ({@link
 * io.footfall.analytics.Snapshots}) plus the rollup rows handed to the writer recently enough that they may not have
 * reached PostgreSQL or its spool yet, which a restore sends again (upserts make that harmless), and the state of the
 * site's alert rules, so that an alert open at a crash is cleared after the restart rather than raised again (a
 * file written before alert state was kept restores without it). A snapshot replaces
 * the previous one atomically: written to a temporary file, forced to disk, renamed over it, and the directory
 * forced, so a crash leaves either the old or the new one, never a torn one.
 *
 * <p>Every method blocks on file IO: call it off the event loop.
 */
final class SnapshotStore {

  private static final int MAGIC = 0x46465346;
  /** Files written before rows carried a revision: their rows are read as revision 0. */
  private static final int MAGIC_BEFORE_REVISIONS = 0x46465345;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /**
   * What a site's snapshot file holds; {@code alerts} is empty in files written before it was kept;
   * {@code journalFrom} is the first journal generation written after the snapshot ({@link BatchJournal}).
   */
  record SiteSnapshot(byte[] analytics, List<ZoneMinute> unconfirmed, byte[] alerts, long journalFrom) {
  }

  private final Path dir;

  SnapshotStore(Path dir) {
    this.dir = dir;
  }

  void save(String site, SiteSnapshot snapshot) throws IOException {
    Files.createDirectories(dir);
    Path target = file(site);
    Path temp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(encode(snapshot));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory();
  }

  /** The site's last snapshot, if any. */
  Optional<SiteSnapshot> load(String site) throws IOException {
    try {
      return Optional.of(decode(Files.readAllBytes(file(site))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  Path file(String site) {
    return dir.resolve(safeName(site) + ".bin");
  }

  /** An id as part of a file name; refused when it could name another place. */
  static String safeName(String id) {
    if (id == null || !SAFE_NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("id unfit for a file name: " + id);
    }
    return id;
  }

  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms cannot open a directory; the rename itself is still atomic there
    }
  }

  static byte[] encode(SiteSnapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.analytics().length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(snapshot.analytics().length);
      out.write(snapshot.analytics());
      out.writeInt(snapshot.unconfirmed().size());
      for (ZoneMinute row : snapshot.unconfirmed()) {
        out.writeUTF(row.site());
        out.writeUTF(row.zone());
        row.writeFigures(out);
      }
      out.writeInt(snapshot.alerts().length);
      out.write(snapshot.alerts());
      out.writeLong(snapshot.journalFrom());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static SiteSnapshot decode(byte[] file) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
      int magic = in.readInt();
      if (magic != MAGIC && magic != MAGIC_BEFORE_REVISIONS) {
        throw new IOException("not a footfall site snapshot");
      }
      int length = in.readInt();
      if (length < 0 || length > file.length) {
        throw new IOException("bad analytics length " + length);
      }
      byte[] analytics = in.readNBytes(length);
      int rows = in.readInt();
      List<ZoneMinute> unconfirmed = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        String site = in.readUTF();
        String zone = in.readUTF();
        unconfirmed.add(magic == MAGIC ? ZoneMinute.readFigures(site, zone, in)
            : new ZoneMinute(site, zone, in.readLong(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt()));
      }
      byte[] alerts = new byte[0];
      if (in.available() > 0) {
        int alertsLength = in.readInt();
        if (alertsLength < 0 || alertsLength > file.length) {
          throw new IOException("bad alert state length " + alertsLength);
        }
        alerts = in.readNBytes(alertsLength);
      }
      long journalFrom = in.available() >= 8 ? in.readLong() : 0;
      return new SiteSnapshot(analytics, unconfirmed, alerts, journalFrom);
    }
  }
}
