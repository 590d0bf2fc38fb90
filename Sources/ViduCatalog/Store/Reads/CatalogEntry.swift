import Foundation

/// A template as the catalog holds it: the upstream value plus the catalog's own record of it.
public struct CatalogEntry: Sendable, Hashable, Identifiable {
    /// The template, every upstream field included.
    public var template: Template
    /// When the catalog first held this template.
    public var firstSeen: Date
    /// When the template's content last changed in the catalog.
    public var updatedAt: Date
    /// When upstream stopped listing it; `nil` while active.
    public var removedAt: Date?
    /// Bytes of the cover metadata before compression.
    public var metadataSize: Int
    /// Bytes of the cover metadata as stored.
    public var compressedSize: Int
    /// What the last probes of the cover and video found (`sync --covers`); empty until then.
    public var coverProbes: [CoverProbe] = []

    /// The template's ID.
    public var id: String { template.id }
    /// Whether the template is still listed upstream.
    public var isActive: Bool { removedAt == nil }
}
