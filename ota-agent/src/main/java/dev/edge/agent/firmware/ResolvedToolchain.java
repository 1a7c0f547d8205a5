package dev.edge.agent.firmware;

/**
 * The toolchain image a build runs in.
 *
 * @param reference the reference the descriptor gave (or the recipe's image name)
 * @param imageId the image's config digest, which the container runs
 * @param digest the registry digest the reference resolved to ({@code sha256:...}), or null for an image that
 *     never came from a registry (a local recipe build)
 */
public record ResolvedToolchain(String reference, String imageId, String digest) {}
