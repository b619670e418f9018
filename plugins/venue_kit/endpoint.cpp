#include "grinder/venue_kit/endpoint.hpp"

#include <charconv>

namespace grinder::venue_kit {

namespace {

bool listed(std::string_view schemes, std::string_view s) {
  std::size_t pos = 0;
  while (pos <= schemes.size()) {
    std::size_t end = schemes.find(' ', pos);
    if (end == std::string_view::npos) end = schemes.size();
    if (schemes.substr(pos, end - pos) == s) return true;
    pos = end + 1;
  }
  return false;
}

std::uint16_t default_port(std::string_view scheme) { return scheme == "https" || scheme == "wss" ? 443 : 80; }

}  // namespace

std::string Endpoint::host_header() const {
  if (port == default_port(scheme)) return host;
  return host + ":" + std::to_string(port);
}

std::string Endpoint::url() const { return scheme + "://" + host_header() + base_path; }

std::optional<Endpoint> parse_endpoint(std::string_view url, std::string_view schemes, std::string& error) {
  Endpoint e;
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    error = "'" + std::string(url) +
            "' is not a URL (expected scheme://host[:port], scheme one of: " + std::string(schemes) + ")";
    return std::nullopt;
  }
  e.scheme = std::string(url.substr(0, sep));
  if (!listed(schemes, e.scheme)) {
    error = "'" + std::string(url) + "': scheme must be one of " + std::string(schemes);
    return std::nullopt;
  }
  std::string_view rest = url.substr(sep + 3);
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos || path.find_first_of("?#") != std::string_view::npos ||
      authority.find_first_of("?#") != std::string_view::npos) {
    error = "'" + std::string(url) + "': no user info, query or fragment in a base URL";
    return std::nullopt;
  }
  std::size_t colon = authority.rfind(':');
  // "[::1]:8080" keeps its brackets in the host; a bare IPv6 needs them.
  if (colon != std::string_view::npos && authority.find(']') != std::string_view::npos && colon < authority.find(']'))
    colon = std::string_view::npos;
  e.host = std::string(authority.substr(0, colon));
  e.port = default_port(e.scheme);
  if (colon != std::string_view::npos) {
    std::string_view p = authority.substr(colon + 1);
    unsigned v = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || v == 0 || v > 65535) {
      error = "'" + std::string(url) + "': bad port";
      return std::nullopt;
    }
    e.port = static_cast<std::uint16_t>(v);
  }
  if (e.host.empty()) {
    error = "'" + std::string(url) + "': no host";
    return std::nullopt;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  e.base_path = std::string(path);
  return e;
}

}  // namespace grinder::venue_kit
