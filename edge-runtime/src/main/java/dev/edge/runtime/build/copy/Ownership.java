package dev.edge.runtime.build.copy;

/** The uid and gid copied files are written with; root unless {@code --chown} says otherwise. */
public record Ownership(int uid, int gid) {
  public static final Ownership ROOT = new Ownership(0, 0);

  public Ownership {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("owner " + uid + ":" + gid + " is negative");
    }
  }
}
