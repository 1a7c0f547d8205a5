package dev.edge.runtime.build.dockerfile;

import java.util.List;

/** One instruction's text after continuations and comments are removed, with its heredocs. */
record LogicalLine(int startLine, int endLine, String text, List<Heredoc> heredocs) {}
