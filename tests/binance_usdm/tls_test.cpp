// Certificate verification is on: a TLS server whose certificate the host
// cannot trust, or which names another host, is refused before a byte of a
// request goes out. The server is `openssl s_server` with a certificate
// made for the test.
#include "binance_harness.hpp"
#include "free_port.hpp"

using namespace grinder;
using namespace grinder::test;
using plugin::ErrorClass;

namespace {

class TlsServer {
 public:
  TlsServer() {
    cert_ = dir_.file("cert.pem");
    std::string key = dir_.file("key.pem");
    CommandResult made = run_command(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
        "-addext subjectAltName=DNS:localhost -keyout " +
        key + " -out " + cert_);
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    port_ = free_port();
    std::string cmd = "openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port_) + " -cert " + cert_ +
                      " -key " + key + " </dev/null >/dev/null 2>&1 & echo $!";
    CommandResult started = run_command(cmd);
    pid_ = std::stoi(started.output);
    REQUIRE(eventually([&] {
      return run_command("openssl s_client -connect 127.0.0.1:" + std::to_string(port_) + " </dev/null")
                 .output.find("CONNECTED") != std::string::npos;
    }));
  }
  ~TlsServer() { kill(pid_, SIGTERM); }
  std::string url(const std::string& host) const { return "https://" + host + ":" + std::to_string(port_); }
  const std::string& cert() const { return cert_; }

 private:
  TempDir dir_;
  std::string cert_;
  int port_ = 0;
  pid_t pid_ = -1;
};

plugin::Status connect_to(const std::string& base_url, const std::string& ca_file) {
  Logs logs;
  std::string config = R"({"base_url": ")" + base_url + R"(", "request_timeout_ms": 2000)" +
                       (ca_file.empty() ? "" : R"(, "ca_file": ")" + ca_file + "\"") + "}";
  auto v = create_binance(config, logs);
  return v->connect();
}

}  // namespace

TEST_CASE("TLS: an untrusted certificate is refused, and the refusal is not worth retrying") {
  TlsServer server;
  auto r = connect_to(server.url("localhost"), "");
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::NonRetryable);
  CHECK_THAT(r.error().message, Catch::Contains("certificate verification failed") && Catch::Contains("self-signed"));
}

TEST_CASE("TLS: a trusted certificate for another name is refused") {
  TlsServer server;
  auto r = connect_to(server.url("127.0.0.1"), server.cert());  // the certificate names localhost only
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::NonRetryable);
  CHECK_THAT(r.error().message, Catch::Contains("certificate verification failed") && Catch::Contains("mismatch"));
}

TEST_CASE("TLS: a trusted certificate for the right name gets through the handshake") {
  TlsServer server;
  auto r = connect_to(server.url("localhost"), server.cert());
  // s_server answers with an HTML status page, not Binance's JSON: the
  // handshake passed, and the answer is what fails.
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::Retryable);
  CHECK_THAT(r.error().message, Catch::Contains("unreadable"));
  CHECK_THAT(r.error().message, !Catch::Contains("certificate"));
}
