#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "grinder/runtime/http_server.hpp"
#include "test_env.hpp"

using namespace grinder;

TEST_CASE("the HTTP server answers over real loopback sockets", "[http]") {
  boost::asio::io_context io;
  runtime::HttpServer server(io, "127.0.0.1", 0, [](const runtime::HttpRequest& r) {
    if (r.path == "/hello") return runtime::HttpResponse::text(200, "hi " + r.method + "\n");
    if (r.path == "/json") return runtime::HttpResponse::json(503, "{\"ok\":false}");
    return runtime::HttpResponse::text(404, "no\n");
  });
  REQUIRE(server.port() != 0);
  std::thread t([&] { io.run(); });
  std::string base = "curl -s -m 5 http://127.0.0.1:" + std::to_string(server.port());
  auto hello = test::run_command(base + "/hello");
  CHECK(hello.output == "hi GET\n");
  auto json = test::run_command(base + "/json -w ' %{http_code} %{content_type}'");
  CHECK(json.output == "{\"ok\":false} 503 application/json");
  auto missing = test::run_command(base + "/nope -o /dev/null -w '%{http_code}'");
  CHECK(missing.output == "404");
  auto post = test::run_command(base + "/hello -X POST");
  CHECK(post.output == "hi POST\n");
  io.stop();
  t.join();
}

TEST_CASE("a port in use is a clear error", "[http]") {
  boost::asio::io_context io;
  runtime::HttpServer first(io, "127.0.0.1", 0, [](const runtime::HttpRequest&) { return runtime::HttpResponse{}; });
  try {
    runtime::HttpServer second(io, "127.0.0.1", first.port(), [](const runtime::HttpRequest&) { return runtime::HttpResponse{}; });
    FAIL("second bind succeeded");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
  }
  CHECK_THROWS_WITH(runtime::HttpServer(io, "not-an-address", 0, [](const runtime::HttpRequest&) { return runtime::HttpResponse{}; }),
                    Catch::Contains("bad bind address"));
}
