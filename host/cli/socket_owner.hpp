#pragma once
// Whether a process serves a TCP port: doctor's way to tell that the run
// holding the instance lock is the one answering on the HTTP port, without
// trusting anything the endpoint says about itself.
namespace grinder::cli {

// True when process `pid` holds a socket listening on `port` (IPv4 or IPv6)
// in this network namespace. False when it does not, or /proc cannot tell
// (another user's process).
bool process_listens_on(int pid, int port);

}  // namespace grinder::cli
