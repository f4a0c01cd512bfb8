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
        let spec = try PlantFile.load(path: path)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PlantFileError(.unreadable, path: path, key: "", "cannot read the file as UTF-8 text")
        }
        struct FieldTable: Decodable { var field: FieldSection }
        let section: FieldSection
        do {
            section = try TOMLDecoder().decode(FieldTable.self, from: text).field
        } catch let DecodingError.keyNotFound(key, context) {
            let where_ = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw PlantFileError(.missingKey, path: path, key: where_, "missing required key \(where_)")
        } catch let DecodingError.typeMismatch(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw PlantFileError(.wrongType, path: path, key: where_, "\(where_): \(context.debugDescription)")
        } catch {
            throw PlantFileError(.syntax, path: path, key: "field", "cannot read the [field] table: \(error)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let field: FieldSpec
        do {
            field = try section.fieldSpec(receiver: spec.receiverGeometry, plantDirectory: directory)
        } catch let e as FieldError where e.path.hasPrefix("field") {
            // A value of the [field] table: name the plant file and the key (layout-file errors keep their own path).
            let kind: PlantFileError.Kind = e.kind == .missingKey ? .missingKey : .outOfRange
            throw PlantFileError(kind, path: path, key: e.path, "\(e.path): \(e.message)")
        }
        return PlantDescription(spec: spec, field: field, path: path, text: text)
    }
}
