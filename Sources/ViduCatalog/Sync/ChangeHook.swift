import Foundation

/// `sync --on-change COMMAND`: a command run after a sync applied changes, with the run's
/// `catalog.changed` event as JSON on its standard input, for scripts that should learn of changes
/// without a server or a webhook receiver.
///
/// It runs after the commit, so nothing it does can undo the sync; its outcome is recorded with the
/// run (`CatalogStore.recordHookOutcome`, as a `CatalogRun.HookOutcome`). It runs through `/bin/sh -c`, with this process's
/// environment less the keys (`CRUN_API_KEY`, `VIDU_CATALOG_SERVE_KEY`), plus `VIDU_CATALOG_EVENT_ID`,
/// `VIDU_CATALOG_RUN_ID` and `VIDU_CATALOG_DB`. Its standard output goes to this process's standard
/// error, so `sync --format json` stays one document. The event is handed over as a file, not a pipe:
/// a command that never reads it can neither block the sync nor end it with SIGPIPE. It runs in a
/// process group of its own, so a timeout stops whatever it started too.
public struct ChangeHook: Sendable {
    /// The shell command.
    public var command: String
    /// Past this the command is sent SIGTERM, and SIGKILL five seconds later.
    public var timeout: Duration

    /// The variables a hook never sees: the upstream key and the serve key.
    public static let withheld: Set<String> = ["CRUN_API_KEY", "VIDU_CATALOG_SERVE_KEY"]

    /// Creates a hook.
    public init(command: String, timeout: Duration = .seconds(60)) {
        self.command = command
        self.timeout = timeout
    }

    /// Runs the command with `event` on its standard input; `environment` is the variables it gets
    /// before the withheld ones are taken out.
    public func run(event: CatalogEvent, catalogPath: String, environment: [String: String]) async
        -> CatalogRun.HookOutcome
    {
        let clock = ContinuousClock()
        let began = clock.now
        let input = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vidu-catalog-event-\(event.id).json")
        defer { try? FileManager.default.removeItem(at: input) }
        var variables = environment.filter { !Self.withheld.contains($0.key) }
        variables["VIDU_CATALOG_EVENT_ID"] = event.id
        variables["VIDU_CATALOG_RUN_ID"] = String(event.runID)
        variables["VIDU_CATALOG_DB"] = catalogPath
        let pid: pid_t
        do {
            try Data(JSONWriter().data(event.payload) + [0x0A]).write(to: input)
            pid = try Self.spawn(command, input: input.path, environment: variables)
        } catch {
            return CatalogRun.HookOutcome(
                exitStatus: nil, error: "The on-change command could not start: \(error.localizedDescription)",
                duration: clock.now - began)
        }
        var status: Int32 = 0
        var stopped = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if !stopped && clock.now - began > timeout {
                // Its own process group: the shell and whatever it started end together.
                stopped = true
                kill(-pid, SIGTERM)
                let grace = clock.now
                while waitpid(pid, &status, WNOHANG) == 0 && clock.now - grace < .seconds(5) {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let duration = clock.now - began
        if stopped {
            return CatalogRun.HookOutcome(
                exitStatus: nil, error: "The on-change command was stopped after \(timeout.components.seconds) s.",
                duration: duration)
        }
        let signal = status & 0x7F
        if signal != 0 {
            return CatalogRun.HookOutcome(
                exitStatus: nil, error: "The on-change command was killed by signal \(signal).", duration: duration)
        }
        let exit = (status >> 8) & 0xFF
        return CatalogRun.HookOutcome(
            exitStatus: exit, error: exit == 0 ? nil : "The on-change command exited with status \(exit).",
            duration: duration)
    }

    struct SpawnFailure: LocalizedError {
        var errorDescription: String?
    }

    /// `/bin/sh -c command` in a process group of its own, `input` as its standard input and this
    /// process's standard error as its standard output and error.
    static func spawn(_ command: String, input: String, environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [String](["/bin/sh", "-c", command]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnFailure(errorDescription: String(cString: strerror(result)))
        }
        return pid
    }
}
