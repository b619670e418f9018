#include "grinder/config/yaml_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace grinder::config {

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

namespace {
bool valid_var_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}
}  // namespace

Substitution substitute_env(std::string_view in, const EnvLookup& env) {
  Substitution out;
  std::size_t i = 0;
  while (i < in.size()) {
    if (in[i] == '$' && i + 2 < in.size() && in[i + 1] == '$' && in[i + 2] == '{') {
      out.text += "${";  // "$${" escapes a literal "${"
      i += 3;
      continue;
    }
    if (in[i] == '$' && i + 1 < in.size() && in[i + 1] == '{') {
      std::size_t close = in.find('}', i + 2);
      if (close == std::string_view::npos) {
        out.malformed.emplace_back(in.substr(i));
        out.text.append(in.substr(i));
        break;
      }
      std::string_view body = in.substr(i + 2, close - i - 2);
      std::string_view name = body;
      std::optional<std::string_view> fallback;
      std::size_t sep = body.find(":-");
      if (sep != std::string_view::npos) {
        name = body.substr(0, sep);
        fallback = body.substr(sep + 2);
      }
      bool ok = !name.empty();
      for (std::size_t k = 0; ok && k < name.size(); ++k) ok = valid_var_char(name[k], k == 0);
      if (!ok) {
        out.malformed.emplace_back(in.substr(i, close - i + 1));
        i = close + 1;
        continue;
      }
      std::string var(name);
      out.vars.push_back(var);
      std::optional<std::string> value = env(var);
      // Shell semantics: ":-" takes the default when unset or empty.
      if (value && !(value->empty() && fallback)) {
        out.text += *value;
      } else if (fallback) {
        out.text.append(*fallback);
      } else {
        out.unset.push_back(var);
      }
      i = close + 1;
      continue;
    }
    out.text += in[i++];
  }
  return out;
}

namespace {

SourceLocation loc_of(const YAML::Mark& m, const std::string& file) {
  if (m.is_null()) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

// YAML 1.2 core schema typing of a plain scalar.
void type_plain_scalar(Value& v, const std::string& s) {
  static const std::regex int_re("[-+]?[0-9]+");
  static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (s == "~" || s == "null" || s == "Null" || s == "NULL") {
    v.kind = Value::Kind::Null;
  } else if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    v.kind = Value::Kind::Bool;
    v.boolean = (s[0] == 't' || s[0] == 'T');
  } else if (std::regex_match(s, int_re)) {
    try {
      v.integer = std::stoll(s);
      v.kind = Value::Kind::Int;
    } catch (...) {
      v.kind = Value::Kind::Double;
      v.number = std::strtod(s.c_str(), nullptr);
    }
  } else if (std::regex_match(s, float_re)) {
    v.kind = Value::Kind::Double;
    v.number = std::strtod(s.c_str(), nullptr);
  } else {
    v.kind = Value::Kind::String;
    v.text = s;
  }
}

class Converter {
 public:
  Converter(std::string file, Diagnostics& diags, const LoadOptions& opts)
      : file_(std::move(file)), diags_(diags), opts_(opts) {}

  Value convert(const YAML::Node& node, bool parent_sensitive) {
    Value v;
    v.loc = loc_of(node.Mark(), file_);
    v.sensitive = parent_sensitive;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        v.kind = Value::Kind::Null;
        break;
      case YAML::NodeType::Scalar:
        convert_scalar(node, v);
        break;
      case YAML::NodeType::Sequence:
        v.kind = Value::Kind::Array;
        for (const auto& item : node) v.items.push_back(convert(item, parent_sensitive));
        break;
      case YAML::NodeType::Map:
        v.kind = Value::Kind::Object;
        for (auto it = node.begin(); it != node.end(); ++it) {
          Member m;
          m.key_loc = loc_of(it->first.Mark(), file_);
          if (!it->first.IsScalar()) {
            diags_.add(m.key_loc, "yaml.key", "mapping keys must be plain strings");
            continue;
          }
          m.key = it->first.Scalar();
          if (v.find_member(m.key)) {
            diags_.add(m.key_loc, "yaml.duplicate_key",
                       "duplicate key '" + m.key + "' (each key may appear once in a mapping)");
            continue;
          }
          m.value = convert(it->second, parent_sensitive || looks_secret(m.key));
          v.members.push_back(std::move(m));
        }
        break;
    }
    return v;
  }

 private:
  void convert_scalar(const YAML::Node& node, Value& v) {
    std::string raw = node.Scalar();
    bool quoted = node.Tag() == "!";
    std::string text = raw;
    if (opts_.substitute_env && raw.find("${") != std::string::npos) {
      Substitution sub = substitute_env(raw, opts_.env);
      text = sub.text;
      v.env_vars = sub.vars;
      for (const auto& var : sub.vars)
        if (looks_secret(var)) v.sensitive = true;
      sub_unset_or_bad_ = sub.unset;
      sub_unset_or_bad_.insert(sub_unset_or_bad_.end(), sub.malformed.begin(), sub.malformed.end());
      for (const auto& var : sub.unset)
        diags_.add(v.loc, "env.unset",
                   "environment variable " + var + " is not set and has no default (write ${" + var +
                       ":-default} to give one)");
      for (const auto& bad : sub.malformed)
        diags_.add(v.loc, "env.malformed",
                   "malformed substitution '" + bad + "' (expected ${NAME} or ${NAME:-default})");
    }
    v.substitution_failed = !v.env_vars.empty() && (!sub_unset_or_bad_.empty());
    sub_unset_or_bad_.clear();
    // Quotes keep a literal a string; around a substitution they only protect
    // the ${...} from YAML, so the result is typed like a plain scalar.
    if (quoted && v.env_vars.empty()) {
      v.kind = Value::Kind::String;
      v.text = text;
    } else if (!v.env_vars.empty() && text.empty()) {
      v.kind = Value::Kind::String;  // an empty substitution stays an (empty) string
    } else {
      type_plain_scalar(v, text);
    }
  }

  std::vector<std::string> sub_unset_or_bad_;
  std::string file_;
  Diagnostics& diags_;
  const LoadOptions& opts_;
};

std::optional<Value> load_node(const std::string& text, const std::string& name, Diagnostics& diags,
                               const LoadOptions& opts) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags.add(loc_of(e.mark, name), "yaml.syntax", "malformed YAML: " + e.msg);
    return std::nullopt;
  }
  Converter conv(name, diags, opts);
  return conv.convert(root, false);
}

}  // namespace

std::optional<Value> load_yaml_string(const std::string& text, const std::string& name,
                                      Diagnostics& diags, const LoadOptions& opts) {
  return load_node(text, name, diags, opts);
}

std::optional<Value> load_yaml_file(const std::string& path, Diagnostics& diags, const LoadOptions& opts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.add({path, 0, 0}, "file.missing", "cannot read file (does it exist and is it readable?)");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_node(ss.str(), path, diags, opts);
}

}  // namespace grinder::config
