#include "grinder/config/schema.hpp"

#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>

#include "grinder/config/yaml_loader.hpp"

namespace grinder::config {

namespace {

std::string path_text(const std::string& path) { return path.empty() ? "the document" : "'" + path + "'"; }

class Validator {
 public:
  Validator(const Value& root, Diagnostics& diags) : root_(root), diags_(diags) {}

  // Returns the number of errors found below this point.
  std::size_t check(const Value& schema, const Value& v, const std::string& path) {
    std::size_t before = diags_.size();
    if (!schema.is_object() || v.substitution_failed) return 0;
    if (const Value* ref = schema.find("$ref")) {
      auto [root, target] = resolve(ref->text);
      if (target) {
        Validator other(*root, diags_);
        other.check(*target, v, path);
      }
      return diags_.size() - before;
    }
    if (const Value* t = schema.find("type")) {
      if (!type_ok(*t, v)) {
        diags_.add(v.loc, "schema.type",
                   path_text(path) + " must be " + type_list(*t) + ", got " + Value::kind_name(v.kind) +
                       (v.is_object() || v.is_array() ? "" : " " + v.describe()));
        return diags_.size() - before;
      }
    }
    if (const Value* e = schema.find("enum")) check_enum(*e, v, path);
    if (const Value* c = schema.find("const")) {
      if (!equal(*c, v))
        diags_.add(v.loc, "schema.const", path_text(path) + " must be " + c->describe() + ", got " + v.describe());
    }
    if (v.is_number()) check_number(schema, v, path);
    if (v.is_string()) check_string(schema, v, path);
    if (v.is_array()) check_array(schema, v, path);
    if (v.is_object()) check_object(schema, v, path);
    if (const Value* any = schema.find("anyOf")) check_any_of(*any, v, path);
    return diags_.size() - before;
  }

 private:
  // "#/definitions/x" in this schema, or "<kind>.schema.json#/definitions/x"
  // in another built-in schema.
  std::pair<const Value*, const Value*> resolve(const std::string& ref) {
    const std::string marker = "#/definitions/";
    std::size_t at = ref.find(marker);
    if (at == std::string::npos) return {nullptr, nullptr};
    const Value* root = &root_;
    if (at > 0) {
      std::string file = ref.substr(0, at);
      const std::string suffix = ".schema.json";
      if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {nullptr, nullptr};
      root = &Schema::builtin(file.substr(0, file.size() - suffix.size())).root();
    }
    const Value* defs = root->find("definitions");
    return {root, defs ? defs->find(ref.substr(at + marker.size())) : nullptr};
  }

  static bool one_type_ok(const std::string& t, const Value& v) {
    using K = Value::Kind;
    if (t == "object") return v.kind == K::Object;
    if (t == "array") return v.kind == K::Array;
    if (t == "string") return v.kind == K::String;
    if (t == "integer") return v.kind == K::Int;
    if (t == "number") return v.kind == K::Int || v.kind == K::Double;
    if (t == "boolean") return v.kind == K::Bool;
    if (t == "null") return v.kind == K::Null;
    return false;
  }
  static bool type_ok(const Value& t, const Value& v) {
    if (t.is_string()) return one_type_ok(t.text, v);
    for (const auto& item : t.items)
      if (one_type_ok(item.text, v)) return true;
    return false;
  }
  static std::string type_list(const Value& t) {
    auto article = [](const std::string& s) {
      return (s == "integer" || s == "object" || s == "array") ? "an " + s : "a " + s;
    };
    if (t.is_string()) return article(t.text);
    std::string out;
    for (std::size_t i = 0; i < t.items.size(); ++i) {
      if (i) out += i + 1 == t.items.size() ? " or " : ", ";
      out += article(t.items[i].text);
    }
    return out;
  }

  static bool equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return a.as_double() == b.as_double();
    if (a.kind != b.kind) return false;
    switch (a.kind) {
      case Value::Kind::Null: return true;
      case Value::Kind::Bool: return a.boolean == b.boolean;
      case Value::Kind::String: return a.text == b.text;
      case Value::Kind::Array:
        if (a.items.size() != b.items.size()) return false;
        for (std::size_t i = 0; i < a.items.size(); ++i)
          if (!equal(a.items[i], b.items[i])) return false;
        return true;
      case Value::Kind::Object:
        if (a.members.size() != b.members.size()) return false;
        for (const auto& m : a.members) {
          const Value* o = b.find(m.key);
          if (!o || !equal(m.value, *o)) return false;
        }
        return true;
      default: return false;
    }
  }

  void check_enum(const Value& e, const Value& v, const std::string& path) {
    std::string options;
    for (const auto& item : e.items) {
      if (equal(item, v)) return;
      if (!options.empty()) options += ", ";
      options += item.is_string() ? item.text : item.describe();
    }
    diags_.add(v.loc, "schema.enum", path_text(path) + " must be one of: " + options + "; got " + v.describe());
  }

  void check_number(const Value& s, const Value& v, const std::string& path) {
    double x = v.as_double();
    if (const Value* m = s.find("minimum"); m && x < m->as_double())
      diags_.add(v.loc, "schema.minimum", path_text(path) + " must be >= " + m->describe() + ", got " + v.describe());
    if (const Value* m = s.find("exclusiveMinimum"); m && m->is_number() && x <= m->as_double())
      diags_.add(v.loc, "schema.minimum", path_text(path) + " must be > " + m->describe() + ", got " + v.describe());
    if (const Value* m = s.find("maximum"); m && x > m->as_double())
      diags_.add(v.loc, "schema.maximum", path_text(path) + " must be <= " + m->describe() + ", got " + v.describe());
  }

  void check_string(const Value& s, const Value& v, const std::string& path) {
    if (const Value* m = s.find("minLength"); m && static_cast<std::int64_t>(v.text.size()) < m->integer)
      diags_.add(v.loc, "schema.min_length",
                 path_text(path) + " must be at least " + m->describe() + " character(s) long");
    if (const Value* p = s.find("pattern")) {
      if (!std::regex_search(v.text, std::regex(p->text, std::regex::ECMAScript)))
        diags_.add(v.loc, "schema.pattern",
                   path_text(path) + " must match /" + p->text + "/, got " + v.describe());
    }
  }

  void check_array(const Value& s, const Value& v, const std::string& path) {
    if (const Value* m = s.find("minItems"); m && static_cast<std::int64_t>(v.items.size()) < m->integer)
      diags_.add(v.loc, "schema.min_items", path_text(path) + " must have at least " + m->describe() + " item(s)");
    if (const Value* m = s.find("maxItems"); m && static_cast<std::int64_t>(v.items.size()) > m->integer)
      diags_.add(v.loc, "schema.max_items", path_text(path) + " must have at most " + m->describe() + " item(s)");
    if (const Value* u = s.find("uniqueItems"); u && u->boolean) {
      for (std::size_t i = 0; i < v.items.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (equal(v.items[i], v.items[j])) {
            diags_.add(v.items[i].loc, "schema.unique",
                       path_text(path) + " lists " + v.items[i].describe() + " twice");
            break;
          }
    }
    if (const Value* items = s.find("items"))
      for (std::size_t i = 0; i < v.items.size(); ++i)
        check(*items, v.items[i], path + "[" + std::to_string(i) + "]");
  }

  void check_object(const Value& s, const Value& v, const std::string& path) {
    const Value* props = s.find("properties");
    if (const Value* req = s.find("required")) {
      for (const auto& r : req->items)
        if (!v.find(r.text))
          diags_.add(v.loc, "schema.required",
                     path_text(path) + " is missing the required key '" + r.text + "'");
    }
    const Value* additional = s.find("additionalProperties");
    for (const auto& m : v.members) {
      std::string child = path.empty() ? m.key : path + "." + m.key;
      const Value* ps = props ? props->find(m.key) : nullptr;
      if (ps) {
        check(*ps, m.value, child);
      } else if (additional && additional->kind == Value::Kind::Bool && !additional->boolean) {
        std::string known;
        if (props)
          for (const auto& p : props->members) known += (known.empty() ? "" : ", ") + p.key;
        diags_.add(m.key_loc, "schema.unknown_key",
                   "unknown key '" + m.key + "' in " + path_text(path) +
                       (known.empty() ? "" : " (expected one of: " + known + ")"));
      } else if (additional && additional->is_object()) {
        check(*additional, m.value, child);
      }
    }
  }

  void check_any_of(const Value& any, const Value& v, const std::string& path) {
    // Report the errors of the branch that came closest, so the message is
    // about what the author most likely meant.
    std::optional<Diagnostics> best;
    for (const auto& branch : any.items) {
      Diagnostics trial;
      Validator sub(root_, trial);
      sub.check(branch, v, path);
      if (trial.empty()) return;
      if (!best || trial.size() < best->size()) best = trial;
    }
    if (best) diags_.append(*best);
  }

  const Value& root_;
  Diagnostics& diags_;
};

}  // namespace

Schema Schema::parse(const std::string& json_text, const std::string& name) {
  Diagnostics diags;
  LoadOptions opts;
  opts.substitute_env = false;
  auto v = load_yaml_string(json_text, name, diags, opts);
  if (!v || !diags.empty() || !v->is_object())
    throw std::runtime_error("schema " + name + " is not valid JSON: " + diags.render_text());
  Schema s;
  s.root_ = std::make_shared<const Value>(std::move(*v));
  s.name_ = name;
  return s;
}

void Schema::validate(const Value& doc, Diagnostics& diags) const {
  Validator v(*root_, diags);
  v.check(*root_, doc, "");
}

const Schema& Schema::builtin(const std::string& kind) {
  // Parsed once per process; the schema texts are compiled in and immutable.
  static std::mutex mu;
  static std::map<std::string, Schema> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(kind);
  if (it != cache.end()) return it->second;
  const std::string* text = builtin_schema_text(kind);
  if (!text) throw std::runtime_error("no built-in schema named " + kind);
  return cache.emplace(kind, parse(*text, "schemas/" + kind + ".schema.json")).first->second;
}

}  // namespace grinder::config
