# Shared environment for yorisoi's scripts: where our tools live, and PATH.
# Tools live outside the work tree so a fresh clone on a reused machine reuses them.
export YORISOI_TOOLS="${YORISOI_TOOLS:-$HOME/.cache/yorisoi/tools}"
export PATH="$YORISOI_TOOLS/bin:$YORISOI_TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
