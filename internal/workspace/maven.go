package workspace

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// mavenCoords are the coordinates of a Maven artifact as a pom writes them.
type mavenCoords struct {
	GroupID    string `xml:"groupId"`
	ArtifactID string `xml:"artifactId"`
	Version    string `xml:"version"`
	Scope      string `xml:"scope"`
	Type       string `xml:"type"`
}

// mavenProperties captures the children of <properties>.
type mavenProperties struct {
	Items []struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	} `xml:",any"`
}

// parsePOM reads a Maven pom.xml: its parent (such as
// spring-boot-starter-parent), its dependencies (test scope is
// development) and the BOMs its dependencyManagement imports. ${property}
// versions are resolved from <properties> and the project's own version.
func parsePOM(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	dec := newXMLDecoder(data)
	var (
		deps  []Dependency
		stack []string
		props = map[string]string{}
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			line, _ := dec.InputPos()
			where := strings.Join(stack, "/")
			switch where {
			case "project/parent":
				var c mavenCoords
				if err := dec.DecodeElement(&c, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					return deps, w.list
				}
				stack = stack[:len(stack)-1]
				if d, ok := mavenDependency(w, line, c, manifest); ok {
					d.Kind = KindParent
					deps = append(deps, d)
				}
				props["project.parent.version"] = c.Version
			case "project/dependencies/dependency", "project/dependencyManagement/dependencies/dependency":
				var c mavenCoords
				if err := dec.DecodeElement(&c, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					return deps, w.list
				}
				stack = stack[:len(stack)-1]
				managed := strings.HasPrefix(where, "project/dependencyManagement")
				if managed && !(strings.TrimSpace(c.Scope) == "import" && strings.TrimSpace(c.Type) == "pom") {
					continue // managed versions are not dependencies
				}
				if d, ok := mavenDependency(w, line, c, manifest); ok {
					if managed {
						d.Kind = KindPlatform
					}
					deps = append(deps, d)
				}
			case "project/properties":
				var p mavenProperties
				if err := dec.DecodeElement(&p, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					return deps, w.list
				}
				stack = stack[:len(stack)-1]
				for _, it := range p.Items {
					props[it.XMLName.Local] = strings.TrimSpace(it.Value)
				}
			case "project/version", "project/groupId", "project/artifactId":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					return deps, w.list
				}
				stack = stack[:len(stack)-1]
				props["project."+t.Name.Local] = strings.TrimSpace(s)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if _, ok := props["project.version"]; !ok && props["project.parent.version"] != "" {
		props["project.version"] = props["project.parent.version"]
	}
	for i := range deps {
		deps[i].Version = expandProperties(deps[i].Version, props)
	}
	return deps, w.list
}

// mavenDependency checks the coordinates of one dependency or parent.
func mavenDependency(w *warnings, line int, c mavenCoords, manifest string) (Dependency, bool) {
	g, a := strings.TrimSpace(c.GroupID), strings.TrimSpace(c.ArtifactID)
	if g == "" || a == "" {
		w.add(line, "dependency lacks groupId or artifactId")
		return Dependency{}, false
	}
	scope := strings.TrimSpace(c.Scope)
	return Dependency{
		Name:      g + ":" + a,
		Version:   strings.TrimSpace(c.Version),
		Manifest:  manifest,
		Ecosystem: "maven",
		Dev:       scope == "test",
		Line:      line,
	}, true
}

var mavenProperty = regexp.MustCompile(`\$\{([^}]+)\}`)

// expandProperties replaces ${name} references with known property values,
// following references between properties a few levels deep. Unknown
// references stay as written.
func expandProperties(s string, props map[string]string) string {
	for range 5 {
		if !strings.Contains(s, "${") {
			return s
		}
		next := mavenProperty.ReplaceAllStringFunc(s, func(ref string) string {
			if v, ok := props[ref[2:len(ref)-1]]; ok {
				return v
			}
			return ref
		})
		if next == s {
			return s
		}
		s = next
	}
	return s
}

// newXMLDecoder returns a decoder that also reads Latin-1 and ASCII
// declared documents, as older poms and project files are.
func newXMLDecoder(data []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return input, nil
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
			raw, err := io.ReadAll(input)
			if err != nil {
				return nil, err
			}
			runes := make([]rune, len(raw))
			for i, c := range raw {
				runes[i] = rune(c) // Latin-1 bytes are the first 256 code points
			}
			return strings.NewReader(string(runes)), nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", charset)
	}
	return dec
}

// xmlErrorLine finds the line of a decoding error.
func xmlErrorLine(dec *xml.Decoder, err error) int {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return syn.Line
	}
	line, _ := dec.InputPos()
	return line
}

// xmlErrorText strips the "XML syntax error on line N: " prefix, since the
// warning names the line already.
func xmlErrorText(err error) string {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return "XML syntax error: " + syn.Msg
	}
	return err.Error()
}
