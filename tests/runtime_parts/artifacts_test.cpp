#include <catch2/catch.hpp>

#include <filesystem>

#include "grinder/artifacts/run_dir.hpp"
#include "test_env.hpp"

using namespace grinder;

TEST_CASE("run directories follow YYYY-MM-DD/run_<time>_<id> and old ones are pruned", "[artifacts]") {
  test::TempDir t;
  std::string why;
  const std::int64_t nov15 = 1'700'049'600'000;  // 2023-11-15 12:00:00 UTC
  auto run = artifacts::create_run_dir(t.path(), nov15, "abc123", why);
  REQUIRE(run);
  CHECK(run->path == t.path() + "/2023-11-15/run_120000_abc123");
  CHECK(std::filesystem::is_directory(run->path));
  auto old = artifacts::create_run_dir(t.path(), nov15 - 20LL * 86400000, "old", why);
  REQUIRE(old);
  t.write("notes.txt", "keep me");
  CHECK(artifacts::prune(t.path(), 14, nov15) == 1);
  CHECK_FALSE(std::filesystem::exists(old->path));
  CHECK(std::filesystem::exists(run->path));
  CHECK(std::filesystem::exists(t.file("notes.txt")));
  CHECK(artifacts::prune(t.path(), 0, nov15) == 0);
  CHECK(artifacts::new_run_id().size() == 6);
}
