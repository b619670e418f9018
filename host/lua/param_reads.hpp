#pragma once
// Proves, from the compiled policy, that evaluate() only ever reads its
// `with` parameter as `with.NAME`, so the host can hand it the parameters'
// own table instead of a read-only proxy; and the same of `ctx`, so the host
// can hand it a plain table of the fields it reads (handles.hpp, CtxMirror).
//
// `with` is handed in read-only: a proxy whose metatable sends reads to the
// real table and refuses writes. Every `with.NAME` then misses on the proxy
// and takes the metatable route, about 120 VM instructions more than a
// plain table hit, several times per decision. A policy that cannot reach
// the table except to read one of its fields by a constant name cannot
// write it either, so for that policy the proxy protects nothing.
//
// The proof looks at evaluate's instructions. The register holding `with`
// may appear only as the table of GETFIELD (R[A] := R[B][K[C]]): never
// copied, compared, passed to a call, returned, stored in a table or
// captured by a function defined inside evaluate. evaluate must be found:
// the top level assigns `evaluate` exactly once, from a function it defines.
// Tables inside `with` (string lists) stay frozen proxies either way.
//
// `ctx` is a handle whose every field read calls C through its metatable,
// about 20 ns a read. Proven the same way, the names read as ctx.NAME are
// all the policy can ever see of ctx, so a table holding just those fields,
// brought up to date before each call, serves it at the cost of a table hit.
#include <string>
#include <string_view>
#include <vector>

namespace grinder::lua {

struct ParamReads {
  bool with_only_read_by_name = false;
  std::string why_not;  // when not proven, the first reason
  bool ctx_only_read_by_name = false;
  std::vector<std::string> ctx_names;  // when proven: each NAME read as ctx.NAME, once, in order
  std::string ctx_why_not;
};

// dump: lua_dump of the policy's main chunk.
ParamReads evaluate_param_reads(std::string_view dump);

}  // namespace grinder::lua
