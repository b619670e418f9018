#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "grinder/reload/auto_reload.hpp"
#include "grinder/reload/watcher.hpp"
#include "reload_fixture.hpp"

using namespace grinder;
using namespace std::chrono_literals;

namespace {

// Polls until `done` or the time is up: inotify and the debounce are
// asynchronous, so tests wait for the effect instead of sleeping blindly.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = 5000ms) {
  auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

}  // namespace

TEST_CASE("writing a policy file reloads", "[reload][watch]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  reload::AutoReload auto_reload(holder, 100ms);
  auto_reload.start();

  f.write_version(2);
  CHECK(eventually([&] { return holder.current()->id == 2; }));
  CHECK(test::decide_on(*holder.current()).verdicts[0].detail == "v=2");
  auto_reload.stop();
}

TEST_CASE("saving by rename reloads", "[reload][watch]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  reload::AutoReload auto_reload(holder, 100ms);
  auto_reload.start();

  // What editors and config managers do: write a temporary file, rename it
  // over the real one. The policy's own inode never sees a write.
  f.dir.write("policies/.versioned_a.lua.tmp",
              "name = \"versioned_a\"\nfunction evaluate(action, ctx, with)\n  return deny(\"version\", \"v=renamed\")\nend\n");
  REQUIRE(std::rename(f.dir.file("policies/.versioned_a.lua.tmp").c_str(), f.dir.file("policies/versioned_a.lua").c_str()) ==
          0);
  CHECK(eventually([&] { return holder.current()->id == 2; }));
  CHECK(test::decide_on(*holder.current()).verdicts[0].detail == "v=renamed");
  auto_reload.stop();
}

TEST_CASE("a broken save keeps the running generation until the fix lands", "[reload][watch]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  reload::AutoReload auto_reload(holder, 100ms);
  auto_reload.start();

  f.write_version(2, test::ReloadFixture::Break::Syntax);
  CHECK(eventually([&] { return holder.status().degraded; }));
  CHECK(holder.current()->id == 1);
  f.write_version(3);
  CHECK(eventually([&] { return holder.current()->id == 2 && !holder.status().degraded; }));
  CHECK(test::decide_on(*holder.current()).verdicts[1].detail == "v=3");
  auto_reload.stop();
}

TEST_CASE("a burst of writes makes one callback after the quiet period", "[reload][watch]") {
  test::TempDir t;
  std::atomic<int> calls{0};
  reload::ConfigWatcher w({t.path()}, [&] { ++calls; }, 150ms);
  w.start();
  for (int i = 0; i < 5; ++i) {
    t.write("chains.yaml", "chains: {}\n# " + std::to_string(i) + "\n");
    std::this_thread::sleep_for(10ms);
  }
  CHECK(eventually([&] { return calls.load() >= 1; }));
  std::this_thread::sleep_for(400ms);
  CHECK(calls.load() == 1);
  w.stop();
}

TEST_CASE("files that are not configuration do not trigger", "[reload][watch]") {
  test::TempDir t;
  std::atomic<int> calls{0};
  reload::ConfigWatcher w({t.path()}, [&] { ++calls; }, 50ms);
  w.start();
  t.write(".policy.lua.swp", "x");
  t.write("notes.txt", "x");
  t.write("policy.lua~", "x");
  std::this_thread::sleep_for(300ms);
  CHECK(calls.load() == 0);
  t.write("policy.lua", "x");
  CHECK(eventually([&] { return calls.load() == 1; }));
  std::remove(t.file("policy.lua").c_str());  // a deletion counts too
  CHECK(eventually([&] { return calls.load() == 2; }));
  w.stop();
}

TEST_CASE("request_reload calls back without a file change", "[reload][watch]") {
  test::TempDir t;
  std::atomic<int> calls{0};
  reload::ConfigWatcher w({t.path()}, [&] { ++calls; }, 10s);
  w.start();
  w.request_reload();  // what the SIGHUP handler calls
  CHECK(eventually([&] { return calls.load() == 1; }, 2000ms));
  w.stop();
  w.stop();  // twice is fine
  CHECK(w.fired() == 1);
}

TEST_CASE("a folder that cannot be watched is reported", "[reload][watch]") {
  test::TempDir t;
  reload::ConfigWatcher w({t.path()}, [] {});
  auto failed = w.watch({t.path(), t.file("missing")});
  CHECK(failed == std::vector<std::string>{t.file("missing")});
  CHECK(w.dirs() == std::vector<std::string>{t.path()});
}
