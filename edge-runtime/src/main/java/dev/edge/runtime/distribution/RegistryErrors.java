package dev.edge.runtime.distribution;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.registry.NoMatchingPlatformException;
import dev.edge.runtime.registry.RegistryDeniedException;
import dev.edge.runtime.registry.RegistryException;
import dev.edge.runtime.registry.RegistryNotFoundException;
import dev.edge.runtime.registry.RegistryRateLimitedException;
import dev.edge.runtime.registry.RegistryUnauthorizedException;
import dev.edge.runtime.store.ImageConflictException;
import dev.edge.runtime.store.NoSuchImageException;

/** Maps registry and store failures to the HTTP statuses the Docker API uses for them. */
final class RegistryErrors {
  private RegistryErrors() {}

  static ApiException toApi(Exception e) {
    if (e instanceof ApiException api) {
      return api;
    }
    int status;
    if (e instanceof RegistryNotFoundException || e instanceof NoMatchingPlatformException
        || e instanceof NoSuchImageException) {
      status = 404;
    } else if (e instanceof RegistryUnauthorizedException) {
      status = 401;
    } else if (e instanceof RegistryDeniedException) {
      status = 403;
    } else if (e instanceof RegistryRateLimitedException) {
      status = 429;
    } else if (e instanceof ImageConflictException) {
      status = 409;
    } else if (e instanceof IllegalArgumentException) {
      status = 400;
    } else if (e instanceof RegistryException) {
      status = 502;
    } else {
      status = 500;
    }
    return new ApiException(status, e.getMessage(), e);
  }
}
