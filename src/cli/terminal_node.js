// The WebAssembly CLI's one JavaScript function (src/cli/terminal_node.cpp): whether node's
// stderr is a terminal. Linked into tide.js with --js-library.
mergeInto(LibraryManager.library, {
  tide_node_stderr_is_tty: function() {
    return (typeof process !== 'undefined' && process.stderr && process.stderr.isTTY) ? 1 : 0;
  },
});
