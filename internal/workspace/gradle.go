package workspace

import (
	"regexp"
	"strings"
)

// parseGradle reads a build.gradle (Groovy) or build.gradle.kts (Kotlin)
// script: the ids and versions of the plugins block (and of
// "apply plugin:" lines), and the dependencies declared with the usual
// configurations (implementation, api, compileOnly, runtimeOnly,
// testImplementation …) in string or map notation. Project dependencies,
// files and version-catalog aliases are left out. Test configurations and
// developmentOnly declare development dependencies.
func parseGradle(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	code := stripCComments(string(data))
	var (
		deps  []Dependency
		stack []string // names of the open { blocks
	)
	for i, raw := range splitLines([]byte(code)) {
		line := i + 1
		text := strings.TrimSpace(raw)
		if text == "" {
			continue
		}
		if hasUnclosedQuote(text) {
			w.add(line, "%v", errUnterminatedQuote)
			continue
		}
		inPlugins := len(stack) > 0 && stack[len(stack)-1] == "plugins"
		inBuildscript := false
		for _, b := range stack {
			if b == "buildscript" {
				inBuildscript = true
			}
		}
		if m := gradleInlinePlugins.FindStringSubmatch(text); m != nil {
			// plugins { id 'java'; id 'org.springframework.boot' version '3.2.5' }
			for _, part := range strings.Split(m[1], ";") {
				if d, ok := gradlePlugin(strings.TrimSpace(part)); ok {
					d.Manifest, d.Line = manifest, line
					deps = append(deps, d)
				}
			}
			continue
		}
		switch {
		case inPlugins:
			if d, ok := gradlePlugin(text); ok {
				d.Manifest, d.Line = manifest, line
				deps = append(deps, d)
			}
		case inBuildscript:
			// classpath dependencies of the build itself
		default:
			if m := gradleApplyPlugin.FindStringSubmatch(text); m != nil {
				deps = append(deps, Dependency{Name: m[1], Manifest: manifest, Ecosystem: "gradle", Kind: KindPlugin, Line: line})
			} else if m := gradleConfig.FindStringSubmatch(text); m != nil && isGradleConfiguration(m[1]) {
				d, ok, msg := gradleDependency(strings.TrimSpace(text[len(m[0]):]))
				switch {
				case msg != "":
					w.add(line, "%s", msg)
				case ok:
					d.Manifest, d.Line = manifest, line
					d.Dev = isGradleDevConfiguration(m[1])
					deps = append(deps, d)
				}
			}
		}
		stack = gradleBlocks(text, stack)
	}
	return deps, w.list
}

var (
	gradleConfig        = regexp.MustCompile(`^([a-zA-Z][A-Za-z0-9]*)\b\s*`)
	gradleApplyPlugin   = regexp.MustCompile(`^apply\s*\(?\s*plugin\s*[:=]\s*["']([^"'\s]+)["']`)
	gradlePluginID      = regexp.MustCompile(`^id\s*\(?\s*["']([^"']+)["'](?:\s*\))?(?:\s+version\s*\(?\s*["']([^"']+)["']\s*\)?)?`)
	gradleKotlinPlug    = regexp.MustCompile(`^kotlin\s*\(\s*["']([^"']+)["']\s*\)(?:\s+version\s*\(?\s*["']([^"']+)["']\s*\)?)?`)
	gradleMapArg        = regexp.MustCompile(`\b(group|name|version)\s*[:=]\s*["']([^"']*)["']`)
	gradlePlatform      = regexp.MustCompile(`^(?:enforcedPlatform|platform)\s*\(`)
	gradleInlinePlugins = regexp.MustCompile(`^plugins\s*\{(.*)\}$`)
	gradleBlockOpen     = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^)]*\))?\s*\{`)
)

// gradleConfigurations are the dependency configurations read; any other
// name ending in Implementation, Api, CompileOnly or RuntimeOnly (such as
// testFixturesApi or debugImplementation) counts too.
var gradleConfigurations = map[string]bool{
	"implementation": true, "api": true, "compileOnly": true, "runtimeOnly": true,
	"annotationProcessor": true, "kapt": true, "ksp": true, "developmentOnly": true,
	"compile": true, "runtime": true, "testCompile": true, "testRuntime": true,
}

func isGradleConfiguration(name string) bool {
	if gradleConfigurations[name] {
		return true
	}
	for _, suffix := range []string{"Implementation", "Api", "CompileOnly", "RuntimeOnly", "AnnotationProcessor"} {
		if strings.HasSuffix(name, suffix) && len(name) > len(suffix) {
			return true
		}
	}
	return false
}

func isGradleDevConfiguration(name string) bool {
	return strings.HasPrefix(name, "test") || strings.HasPrefix(name, "androidTest") ||
		strings.Contains(name, "Test") || name == "developmentOnly"
}

// gradlePlugin reads one line of a plugins block. Core plugins, whose ids
// have no dots (java, application), are no dependencies and are skipped.
func gradlePlugin(text string) (Dependency, bool) {
	if m := gradlePluginID.FindStringSubmatch(text); m != nil {
		if !strings.Contains(m[1], ".") || strings.TrimSpace(m[1]) != m[1] {
			return Dependency{}, false // core plugins: java, application, jacoco …
		}
		return Dependency{Name: m[1], Version: m[2], Ecosystem: "gradle", Kind: KindPlugin}, true
	}
	if m := gradleKotlinPlug.FindStringSubmatch(text); m != nil {
		return Dependency{Name: "org.jetbrains.kotlin." + strings.TrimSpace(m[1]), Version: m[2], Ecosystem: "gradle", Kind: KindPlugin}, true
	}
	return Dependency{}, false
}

// gradleDependency reads the argument of a configuration call. It reports
// ok=false with no message for arguments it leaves out on purpose
// (project(…), files(…), libs.…), and a message for malformed ones.
func gradleDependency(arg string) (d Dependency, ok bool, msg string) {
	arg = strings.TrimSpace(arg)
	// Drop a trailing configuration closure: implementation("…") { exclude … }
	if i := indexOutsideQuotes(arg, '{'); i > 0 {
		arg = strings.TrimSpace(arg[:i])
	}
	for strings.HasPrefix(arg, "(") && strings.HasSuffix(arg, ")") {
		arg = strings.TrimSpace(arg[1 : len(arg)-1])
	}
	kind := KindLibrary
	if loc := gradlePlatform.FindStringIndex(arg); loc != nil {
		kind = KindPlatform
		arg = strings.TrimSpace(strings.TrimSuffix(arg[loc[1]:], ")"))
	}
	if arg == "" {
		return Dependency{}, false, ""
	}
	switch arg[0] {
	case '"', '\'':
		end := closingQuote(arg, 0)
		if end < 0 {
			return Dependency{}, false, errUnterminatedQuote.Error()
		}
		notation := arg[1:end]
		parts := strings.Split(notation, ":")
		if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
			return Dependency{}, false, "dependency " + quote(notation) + " is not group:name[:version]"
		}
		d = Dependency{Name: parts[0] + ":" + parts[1], Ecosystem: "gradle", Kind: kind}
		if len(parts) >= 3 {
			d.Version = strings.SplitN(parts[2], "@", 2)[0]
		}
		return d, true, ""
	}
	if !gradleMapArg.MatchString(arg) {
		return Dependency{}, false, "" // project(':core'), files(…), libs.x, gradleApi() …
	}
	fields := map[string]string{}
	for _, m := range gradleMapArg.FindAllStringSubmatch(arg, -1) {
		fields[m[1]] = m[2]
	}
	if fields["group"] == "" || fields["name"] == "" {
		return Dependency{}, false, "map notation needs both group and name"
	}
	return Dependency{Name: fields["group"] + ":" + fields["name"], Version: fields["version"], Ecosystem: "gradle", Kind: kind}, true, ""
}

func quote(s string) string { return `"` + s + `"` }

// gradleBlocks updates the stack of open blocks with the braces of one line
// outside string literals. A brace opened after a name pushes that name.
func gradleBlocks(text string, stack []string) []string {
	names := gradleBlockOpen.FindAllStringSubmatch(text, -1)
	next := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '"', '\'':
			if j := closingQuote(text, i); j >= 0 {
				i = j
			}
		case '{':
			name := ""
			if next < len(names) {
				name = names[next][1]
				next++
			}
			stack = append(stack, name)
		case '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return stack
}

// indexOutsideQuotes returns the index of the first c outside string
// literals, or -1.
func indexOutsideQuotes(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			j := closingQuote(s, i)
			if j < 0 {
				return -1
			}
			i = j
		case c:
			return i
		}
	}
	return -1
}

// hasUnclosedQuote reports a line whose last string literal is never
// closed. Triple-quoted Groovy strings are not followed.
func hasUnclosedQuote(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == '"' || c == '\'' {
			j := closingQuote(text, i)
			if j < 0 {
				return true
			}
			i = j
		}
	}
	return false
}

// stripCComments removes // and /* */ comments outside string literals,
// keeping newlines so that lines keep their numbers.
func stripCComments(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c && s[j] != '\n' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				j = len(s) - 1
			}
			b.WriteString(s[i : j+1])
			i = j
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i < len(s) {
				b.WriteByte('\n')
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			var comment string
			if end < 0 {
				comment = s[i:]
				i = len(s)
			} else {
				comment = s[i : i+2+end+2]
				i += 2 + end + 1
			}
			b.WriteString(strings.Repeat("\n", strings.Count(comment, "\n")))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
