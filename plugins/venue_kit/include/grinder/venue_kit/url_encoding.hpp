#pragma once
// Percent-encoding for query strings and form bodies. A venue that signs its
// parameters signs the encoded text, as sent, so a plugin and its simulator
// must encode and decode alike.
#include <map>
#include <string>
#include <string_view>

namespace grinder::venue_kit {

// A-Z a-z 0-9 - _ . ~ stay, everything else becomes %XX (upper-case hex).
std::string url_encode(std::string_view text);
// The reverse; '+' reads as a space, as in a form body. Malformed escapes
// are kept as they are.
std::string url_decode(std::string_view text);

// key=value&key=value (a query string or a form body), decoded, into out.
// A pair with an empty key is skipped; a key already in out is replaced only
// when overwrite is set, so the part read first can win.
void decode_form(std::string_view text, std::map<std::string, std::string>& out, bool overwrite);

}  // namespace grinder::venue_kit
