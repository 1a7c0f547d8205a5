package dev.edge.runtime.build.dockerfile;

/**
 * A here-document of a RUN, COPY or ADD ({@code <<EOF ... EOF}). {@code expand} is false when the
 * word was quoted ({@code <<"EOF"}), as in the shell; {@code content} ends with a newline.
 */
public record Heredoc(String name, String content, boolean expand, boolean chompTabs) {}
