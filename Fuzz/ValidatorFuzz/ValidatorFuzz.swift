import Foundation
import ViduCatalogCore

/// libFuzzer's entry: any bytes through the validator's byte entry point, which must never crash,
/// hang or read out of bounds (the library is built with AddressSanitizer; see scripts/fuzz.sh).
///
/// Two validators take turns, chosen by the input's length: the default one over a fresh catalog,
/// and a strict one over a stale catalog (undecided verdicts, `catalog.stale` findings).
@_cdecl("LLVMFuzzerTestOneInput")
public func validatorFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let validator = size % 2 == 0 ? Harness.fresh : Harness.strictStale
    let report = validator.validate(body: UnsafeRawBufferPointer(start: data, count: size))
    // What every report promises, whatever the input.
    precondition((report.verdict == .valid) == report.findings.allSatisfy { $0.severity == .warning })
    precondition(report.findings.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") })
    precondition(report.findings.allSatisfy { !$0.code.rawValue.isEmpty && !$0.message.isEmpty })
    return 0
}

enum Harness {
    static let catalog = BundledData.sampleSnapshot()

    static let fresh = RequestValidator(
        catalog: ValidationCatalog(
            snapshot: catalog, rules: BundledData.parameterRules(),
            context: .init(catalogHash: "fuzz", loadedAt: Date(), loadKind: .sync, source: "bundled sample")))

    static let strictStale = RequestValidator(
        catalog: ValidationCatalog(
            snapshot: catalog, rules: BundledData.parameterRules(),
            context: .init(catalogHash: "fuzz", loadedAt: nil, snapshotDate: "2026-11-20", source: "bundled sample")),
        options: .init(strict: true))
}

/// libFuzzer's driver, started from Swift's entry point (SwiftPM gives every executable its own
/// `main`, so libFuzzer's cannot be used).
@main
enum ValidatorFuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, validatorFuzz))
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
