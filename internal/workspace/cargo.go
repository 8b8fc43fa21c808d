package workspace

import "strings"

// cargoInherited is the version recorded for a dependency that takes its
// version from the workspace ({ workspace = true }) when the workspace's
// own declaration was not found.
const cargoInherited = "workspace"

// parseCargo reads a Cargo.toml: [dependencies], [dev-dependencies],
// [build-dependencies] (counted as development), their
// [target.'cfg(…)'.…] variants and [workspace.dependencies]. A renamed
// dependency (package = "…") is recorded under its crate name.
func parseCargo(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	entries, errs := parseTOML(data)
	for _, e := range errs {
		w.add(e.Line, "%s", e.Msg)
	}
	// The dependency tables in the order the file first mentions them.
	type section struct {
		prefix []string
		dev    bool
		kind   DepKind
	}
	var sections []section
	seen := map[string]bool{}
	for _, e := range entries {
		full := e.Path()
		var s section
		switch {
		case len(full) >= 2 && isCargoDepTable(full[0]):
			s = section{prefix: full[:1], dev: full[0] != "dependencies"}
		case len(full) >= 4 && full[0] == "target" && isCargoDepTable(full[2]):
			s = section{prefix: full[:3], dev: full[2] != "dependencies"}
		case len(full) >= 3 && full[0] == "workspace" && full[1] == "dependencies":
			s = section{prefix: full[:2], kind: KindWorkspace}
		default:
			continue
		}
		key := strings.Join(s.prefix, "\x00")
		if !seen[key] {
			seen[key] = true
			sections = append(sections, s)
		}
	}
	var deps []Dependency
	for _, s := range sections {
		for _, c := range tomlChildren(entries, s.prefix) {
			if strings.TrimSpace(c.Key[0]) == "" {
				w.add(c.Line, "dependency with an empty name")
				continue
			}
			d := Dependency{Name: c.Key[0], Manifest: manifest, Ecosystem: "cargo", Dev: s.dev, Kind: s.kind, Line: c.Line}
			switch c.Value.Kind {
			case tomlString:
				d.Version = c.Value.Str
			case tomlTable:
				if pkg, ok := c.Value.stringField("package"); ok && strings.TrimSpace(pkg) != "" {
					d.Name = pkg
				}
				d.Version, _ = c.Value.stringField("version")
				if inh, ok := c.Value.field("workspace"); ok && inh.Kind == tomlScalar && inh.Str == "true" && d.Version == "" {
					d.Version = cargoInherited
				}
			default:
				w.add(c.Line, "dependency %s should be a version string or a table", c.Key[0])
				continue
			}
			deps = append(deps, d)
		}
	}
	return deps, w.list
}

func isCargoDepTable(name string) bool {
	return name == "dependencies" || name == "dev-dependencies" || name == "build-dependencies"
}

// resolveCargoWorkspace gives crates that inherit their version from the
// workspace the version [workspace.dependencies] declares.
func resolveCargoWorkspace(deps []Dependency) {
	versions := map[string]string{}
	for _, d := range deps {
		if d.Ecosystem == "cargo" && d.Kind == KindWorkspace && d.Version != "" {
			if _, ok := versions[d.Name]; !ok {
				versions[d.Name] = d.Version
			}
		}
	}
	for i := range deps {
		d := &deps[i]
		if d.Ecosystem == "cargo" && d.Version == cargoInherited {
			if v, ok := versions[d.Name]; ok {
				d.Version = v
			}
		}
	}
}
