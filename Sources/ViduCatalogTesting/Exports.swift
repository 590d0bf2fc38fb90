// The fixtures, request corpus and temporary folders live beside the core; tests of the catalog use
// them with the fake upstream, so importing this module brings them along.
@_exported import ViduCatalogCoreTesting
