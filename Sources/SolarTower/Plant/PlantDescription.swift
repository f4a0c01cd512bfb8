import Foundation
import TOMLKit

/// A whole plant as described by one plant file: the thermal chain (`PlantSpec`) and the heliostat field
/// (`FieldSpec`, from the file's `[field]` table), plus the file's text for provenance.
public struct PlantDescription: Sendable {
    /// Receiver, storage, power block, parasitics, dispatch, site.
    public var spec: PlantSpec
    /// Heliostats, layout, optics settings.
    public var field: FieldSpec
    /// Path of the plant file.
    public var path: String
    /// Full text of the plant file (stored in results files).
    public var text: String

    public init(spec: PlantSpec, field: FieldSpec, path: String, text: String) {
        self.spec = spec
        self.field = field
        self.path = path
        self.text = text
    }

    /// Reads a plant file: every table checked, the field layout read (CSV) or generated (radial-staggered).
    public static func load(path: String) throws -> PlantDescription {
        try parse(PlantFile.readText(path: path), path: path,
                  plantDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    /// Parses the bytes of a plant file (see `parse(_:path:plantDirectory:)`).
    public static func parse(data: Data, path: String, plantDirectory: URL) throws -> PlantDescription {
        try parse(PlantFile.text(data, path: path), path: path, plantDirectory: plantDirectory)
    }

    /// Parses plant-file text: every table checked, the field layout read (CSV, resolved against
    /// `plantDirectory`) or generated (radial-staggered). `path` is used in error messages.
    public static func parse(_ text: String, path: String, plantDirectory: URL) throws -> PlantDescription {
        let spec = try PlantFile.parse(text, path: path)
        let section = try fieldSection(text, path: path)
        let field = try fieldSpec(section, spec: spec, path: path, plantDirectory: plantDirectory)
        return PlantDescription(spec: spec, field: field, path: path, text: text)
    }

    /// The checked field of a `[field]` table: errors in the table's values name the plant file and the
    /// key (`PlantFileError`); layout-file errors keep their own path (`FieldError`).
    static func fieldSpec(_ section: FieldSection, spec: PlantSpec, path: String, plantDirectory: URL) throws -> FieldSpec {
        do {
            return try section.fieldSpec(receiver: spec.receiverGeometry, plantDirectory: plantDirectory)
        } catch let e as FieldError where e.path.hasPrefix("field") {
            let kind: PlantFileError.Kind = e.kind == .missingKey ? .missingKey : .outOfRange
            throw PlantFileError(kind, path: path, key: e.path, "\(e.path): \(e.message)")
        }
    }

    /// The plant file's `[field]` table as written (not yet checked: see `FieldSection.fieldSpec`).
    static func fieldSection(_ text: String, path: String) throws -> FieldSection {
        struct FieldTable: Decodable { var field: FieldSection }
        do {
            return try TOMLDecoder().decode(FieldTable.self, from: text).field
        } catch let DecodingError.keyNotFound(key, context) {
            let where_ = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw PlantFileError(.missingKey, path: path, key: where_, "missing required key \(where_)")
        } catch let DecodingError.typeMismatch(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw PlantFileError(.wrongType, path: path, key: where_, "\(where_): \(context.debugDescription)")
        } catch {
            throw PlantFileError(.syntax, path: path, key: "field", "cannot read the [field] table: \(error)")
        }
    }
}
