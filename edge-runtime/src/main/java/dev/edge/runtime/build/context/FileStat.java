package dev.edge.runtime.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code lstat} of a file: what the digest cache and the layer writer need, read at once. */
public record FileStat(int mode, int uid, int gid, long size, long mtimeNanos, long ctimeNanos,
    long inode, long device, int links, long rdev) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFIFO = 0010000;
  public static final int S_IFSOCK = 0140000;
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,dev,nlink,rdev";

  public static FileStat of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
        (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")), (Long) a.get("ino"), (Long) a.get("dev"),
        (Integer) a.get("nlink"), (Long) a.get("rdev"));
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  public int type() {
    return mode & S_IFMT;
  }

  public int permissions() {
    return mode & 07777;
  }

  public boolean isDirectory() {
    return type() == S_IFDIR;
  }

  public boolean isRegularFile() {
    return type() == S_IFREG;
  }

  public boolean isSymbolicLink() {
    return type() == S_IFLNK;
  }
}
