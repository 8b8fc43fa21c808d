package workspace

import "testing"

func TestParseCargo(t *testing.T) {
	runParserCases(t, "Cargo.toml", parseCargo, []parserCase{
		{
			name: "all the ways to write a dependency",
			in: `[package]
name = "app"

[dependencies]
axum = "0.7.5"
tokio = { version = "1.37", features = ["full"] }
serde.version = "1"
serde.features = ["derive"]
local = { path = "../local" }
json = { package = "serde_json", version = "1" }
shared = { workspace = true }

[dependencies.sqlx]
version = "0.7"
features = ["postgres"]

[dev-dependencies]
tower = "0.4"

[build-dependencies]
cc = "1"

[target.'cfg(unix)'.dependencies]
nix = "0.28"

[target.'cfg(windows)'.dev-dependencies]
winapi = "0.3"

[[bin]]
name = "tool"
`,
			deps: []string{
				"5 axum@0.7.5",
				"6 tokio@1.37",
				"7 serde@1",
				"9 local",
				"10 serde_json@1",
				"11 shared@workspace",
				"14 sqlx@0.7",
				"18 tower@0.4 dev",
				"21 cc@1 dev",
				"24 nix@0.28",
				"27 winapi@0.3 dev",
			},
		},
		{
			name: "workspace dependencies",
			in:   "[workspace]\nmembers = [\"api\"]\n\n[workspace.dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\nserde = \"1\"\n",
			deps: []string{"5 tokio@1 workspace", "6 serde@1 workspace"},
		},
		{
			name: "bad values are reported, good ones kept",
			in:   "[dependencies]\nactix-web = \"4\"\nserde = latest\nanyhow = \"1\"\nodd = 3\ntokio = { version = \"1\"\n",
			deps: []string{"2 actix-web@4", "4 anyhow@1"},
			warn: []string{
				`Cargo.toml:3: invalid value "latest" (strings need quotes)`,
				"Cargo.toml:6: inline table is never closed",
				"Cargo.toml:5: dependency odd should be a version string or a table",
			},
		},
	})
}

func TestResolveCargoWorkspace(t *testing.T) {
	deps := []Dependency{
		{Name: "tokio", Version: "1.37", Ecosystem: "cargo", Kind: KindWorkspace},
		{Name: "tokio", Version: cargoInherited, Ecosystem: "cargo"},
		{Name: "unknown", Version: cargoInherited, Ecosystem: "cargo"},
	}
	resolveCargoWorkspace(deps)
	if deps[1].Version != "1.37" || deps[2].Version != cargoInherited {
		t.Errorf("got %+v", deps)
	}
}

func TestParseCargoEmptyName(t *testing.T) {
	runParserCases(t, "Cargo.toml", parseCargo, []parserCase{
		{name: "empty key", in: "[dependencies]\n\"\" = \"1\"\nok = \"2\"\n", deps: []string{"3 ok@2"}, warn: []string{"Cargo.toml:2: dependency with an empty name"}},
	})
}
