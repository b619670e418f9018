// Decisions flow on one thread while another reloads a changing policy a
// hundred times, some reloads broken. No decision fails, none mixes two
// generations, every broken reload is refused.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <thread>

#include "reload_fixture.hpp"

using namespace grinder;
using Break = grinder::test::ReloadFixture::Break;

TEST_CASE("decisions while reloading: no failure, no mixing, broken reloads refused", "[reload][stress]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);

  std::atomic<bool> done{false};
  std::atomic<long> decisions{0}, failures{0}, mixed{0}, wrong_generation{0};
  std::map<std::uint64_t, std::string> seen;  // generation id -> its policies' version; decision thread only
  std::thread decider([&] {
    while (!done.load()) {
      try {
        auto g = holder.current();
        auto d = test::decide_on(*g);
        ++decisions;
        if (d.generation != g->id) ++wrong_generation;
        if (d.verdicts.size() != 2 || d.verdicts[0].detail != d.verdicts[1].detail) {
          ++mixed;
          continue;
        }
        // A generation, once seen, always answers with the same version.
        auto [it, fresh] = seen.emplace(d.generation, d.verdicts[0].detail);
        if (!fresh && it->second != d.verdicts[0].detail) ++mixed;
      } catch (...) {
        ++failures;
      }
    }
  });

  int refused = 0, published = 0;
  std::map<std::uint64_t, std::string> expected;  // generation id -> version written
  expected[1] = "v=1";
  for (int i = 2; i <= 101; ++i) {
    const std::uint64_t before = holder.current()->id;
    Break how = Break::None;
    if (i % 7 == 0) how = Break::Syntax;
    if (i % 11 == 0) how = Break::FailingTest;
    if (i % 13 == 0) how = Break::UnknownParam;
    f.write_version(i, how);
    auto o = holder.reload();
    if (how != Break::None) {
      CHECK_FALSE(o.ok);
      CHECK_FALSE(o.errors.empty());
      CHECK(holder.current()->id == before);
      ++refused;
    } else {
      REQUIRE(o.ok);
      CHECK(o.generation == before + 1);
      expected[o.generation] = "v=" + std::to_string(i);
      ++published;
    }
  }
  done = true;
  decider.join();

  CHECK(failures == 0);
  CHECK(mixed == 0);
  CHECK(wrong_generation == 0);
  CHECK(decisions > 100);
  // The decisions really did span the reloads.
  CHECK(seen.size() > 10);
  WARN("decisions: " << decisions << ", generations seen by the decision thread: " << seen.size());
  CHECK(refused == 28);
  CHECK(published == 72);
  for (const auto& [id, version] : seen) {
    INFO("generation " << id);
    CHECK(expected.at(id) == version);
  }
  CHECK(f.metric("grinder_config_reload_total", "error") == refused);
  CHECK(f.metric("grinder_config_reload_total", "ok") == published + 1);
  CHECK(f.metric("grinder_config_generation") == published + 1);
}
