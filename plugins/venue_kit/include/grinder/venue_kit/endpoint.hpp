#pragma once
// Where a venue lives: a base URL from the plugin config (the live API, a
// testnet, or http://127.0.0.1:PORT for a local simulator), split into what a
// connection needs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grinder::venue_kit {

struct Endpoint {
  std::string scheme;  // "http", "https", "ws" or "wss"
  std::string host;
  std::uint16_t port = 0;
  std::string base_path;  // "" or "/prefix", never ending in '/'

  bool tls() const { return scheme == "https" || scheme == "wss"; }
  // The Host header: the port only when it is not the scheme's default.
  std::string host_header() const;
  // scheme://host[:port]base_path, for log lines (it holds nothing secret).
  std::string url() const;
};

// Parses http(s)://host[:port][/path] or ws(s)://...; `schemes` lists the
// accepted schemes ("http https" or "ws wss"). Sets error and returns nullopt
// on anything else (user info, query, fragment, a bad port).
std::optional<Endpoint> parse_endpoint(std::string_view url, std::string_view schemes, std::string& error);

}  // namespace grinder::venue_kit
