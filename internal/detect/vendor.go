package detect

import "strings"

// VendoredDir reports whether a folder name alone marks third-party code:
// a package manager's install folder or a folder of copied-in projects.
// A walk can prune such folders without looking inside.
func VendoredDir(name string) bool {
	switch name {
	case "node_modules", "vendor", "third_party", ".git", "bower_components":
		return true
	}
	return false
}

// InVendoredDir reports whether any folder of rel passes VendoredDir.
func InVendoredDir(rel string) bool {
	for rel != "" {
		part := rel
		i := strings.IndexByte(rel, '/')
		if i >= 0 {
			part, rel = rel[:i], rel[i+1:]
		} else {
			rel = ""
		}
		if VendoredDir(part) {
			return true
		}
	}
	return false
}

// Vendored reports whether the file at rel (slash separated, relative to
// the root of a project) is not the project's own source: dependencies and
// copied-in projects, package managers' and build tools' installed or
// bundled files, build output, minified bundles, and the folders of
// repository hosts and editors. Type declarations (.d.ts) a project writes
// are its own source and are not vendored unless they lie in such a folder.
func Vendored(rel string) bool {
	base := rel
	dirs := ""
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		dirs, base = rel[:i], rel[i+1:]
	}
	if vendoredFile(base) {
		return true
	}
	prev := "" // the folder above, "" at the root
	for dirs != "" {
		part := dirs
		i := strings.IndexByte(dirs, '/')
		if i >= 0 {
			part, dirs = dirs[:i], dirs[i+1:]
		} else {
			dirs = ""
		}
		if vendoredFolder(part, prev) && !(part == "deps" && strings.HasSuffix(base, ".go")) {
			return true
		}
		prev = part
	}
	return false
}

// vendoredFolder reports whether a folder (with the folder above it, or
// "") holds what Vendored tells about.
func vendoredFolder(name, parent string) bool {
	if VendoredDir(name) {
		return true
	}
	switch name {
	// Other names of dependency folders.
	case "vendors", "Vendor", "third-party", "thirdparty", "ThirdParty", "Third_Party", "Third-Party",
		"3rdparty", "3rd_party", "3rd-party", "3rdParty", "jspm_packages", "web_modules", "Pods",
		"site-packages", "dist-packages", ".bundle", "extern", "Extern", "external", "External",
		"externals", "Externals", "flow-typed", "Carthage":
		return true
	// Folders of dependencies at the root only: elsewhere these are common
	// names of a project's own folders. Go code in deps/ is a package of
	// the module (Go vendors into vendor/ only); Vendored lets it through.
	case "deps", "Dependencies", "debian":
		return parent == ""
	// Test inputs: Go's testdata and the fixtures of test suites.
	case "testdata":
		return true
	case "fixtures":
		switch parent {
		case "test", "tests", "Test", "Tests", "spec", "specs", "Spec", "Specs":
			return true
		}
	// Build output, bundles, caches and virtual environments. "cache"
	// and "env" are not among them: projects name their own packages so
	// (a cache/ or internal/env/ of Go code), and a tool's cache or a
	// virtual environment of that name is git-ignored or caught by its
	// site-packages folder.
	case "dist", ".next", ".nuxt", ".svelte-kit", ".parcel-cache", ".turbo", ".angular",
		"__pycache__", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache",
		".gradle", ".terraform", ".serverless", ".eggs", ".cache":
		return true
	// A documentation site's build output, theme, templates and static
	// files.
	case "build", "_build", "static", "_static", "theme", "themes", "_theme", "_themes",
		"template", "templates", "_template", "_templates":
		return parent == "doc" || parent == "docs"
	// Repository hosts' and editors' settings.
	case ".github", ".vscode", ".idea", ".vs", ".teamcity", ".obsidian":
		return true
	case "_workspace":
		return parent == "Godeps"
	case "releases", "plugins", "sdks", "versions", "unplugged":
		return parent == ".yarn"
	case "wrapper":
		return parent == "gradle" || parent == ".mvn"
	}
	if strings.HasSuffix(name, ".xcodeproj") || strings.HasSuffix(name, ".xcworkspace") || strings.HasSuffix(name, ".egg-info") {
		return true
	}
	return false
}

// vendoredFile reports whether a file name alone tells it is not the
// project's own source.
func vendoredFile(base string) bool {
	switch base {
	// Git's and editors' files.
	case ".gitignore", ".gitattributes", ".gitmodules", ".DS_Store", ".sublime-project", ".sublime-workspace":
		return true
	// Build-system files written by tools (autotools, the Gradle and Maven
	// wrappers).
	case "config.guess", "config.sub", "configure", "aclocal.m4", "libtool.m4", "ltoptions.m4",
		"ltsugar.m4", "ltversion.m4", "lt~obsolete.m4", "ltmain.sh", "install-sh", "depcomp", "gradlew", "gradlew.bat", "mvnw", "mvnw.cmd", ".pnp.js", ".pnp.cjs", ".pnp.loader.mjs":
		return true
	}
	// Minified bundles.
	for _, suf := range [...]string{".min.js", ".min.css", "-min.js", "-min.css", ".min.mjs", ".bundle.js", ".min.map"} {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	// Well-known libraries copied into projects as a single file, with a
	// version or a build tag in the name ("jquery-3.6.0.js", "d3.v7.js").
	// A bare name counts only for names no project gives its own code.
	for _, lib := range [...]string{"jquery", "bootstrap", "modernizr", "underscore", "backbone",
		"mootools", "require", "d3", "angular", "react", "react-dom", "vue", "ember", "handlebars",
		"moment", "lodash", "zepto", "knockout", "html5shiv", "popper", "socket.io",
		"es5-shim", "es6-shim", "highcharts", "leaflet", "MathJax"} {
		if !strings.HasPrefix(base, lib) || !(strings.HasSuffix(base, ".js") || strings.HasSuffix(base, ".css")) {
			continue
		}
		rest := base[len(lib) : len(base)-len(extension(base))]
		switch {
		case rest == "":
			switch lib {
			case "jquery", "modernizr", "html5shiv", "es5-shim", "es6-shim", "mootools", "zepto", "highcharts":
				return true
			}
		case rest[0] == '-' || rest[0] == '.':
			if versionish(strings.TrimPrefix(rest[1:], "v")) {
				return true
			}
		}
	}
	return false
}

// versionish reports whether s looks like a version number or a build
// tag ("3.6.0", "2.1.4.slim", "min", "ui", "bundle").
func versionish(s string) bool {
	if s == "" {
		return false
	}
	switch s {
	case "min", "ui", "bundle", "slim", "all", "full", "dev", "prod", "production", "development", "esm":
		return true
	}
	if s[0] < '0' || s[0] > '9' {
		// "3.6.0.min" starts with a digit; a name part ("datepicker")
		// does not.
		return false
	}
	return true
}
