#include "grinder/reload/auto_reload.hpp"

namespace grinder::reload {

AutoReload::AutoReload(GenerationHolder& holder, std::chrono::milliseconds debounce)
    : holder_(holder), watcher_(holder.watch_dirs(), [this] { on_change(); }, debounce) {}

void AutoReload::on_change() {
  holder_.reload();
  // A refused reload keeps the running generation, and so its folders.
  watcher_.watch(holder_.watch_dirs());
}

}  // namespace grinder::reload
