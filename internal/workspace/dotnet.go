package workspace

import (
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// packageReference is a <PackageReference> item of an MSBuild project.
type packageReference struct {
	Include          string `xml:"Include,attr"`
	Update           string `xml:"Update,attr"`
	VersionAttr      string `xml:"Version,attr"`
	VersionElem      string `xml:"Version"`
	VersionOverride  string `xml:"VersionOverride,attr"`
	PrivateAssetsAtt string `xml:"PrivateAssets,attr"`
}

// parseMSBuildProject reads a .csproj (or .fsproj, .vbproj): the SDKs of
// its Project element (Microsoft.NET.Sdk.Web and the like) and its
// PackageReference items. Every package of a test project (IsTestProject,
// a reference to Microsoft.NET.Test.Sdk, or a name ending in Tests) is a
// development dependency. Versions left to Directory.Packages.props are
// filled in later.
func parseMSBuildProject(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	dec := newXMLDecoder(data)
	var (
		deps     []Dependency
		depth    int
		testProj bool
	)
	stem := strings.TrimSuffix(path.Base(manifest), path.Ext(manifest))
	if strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "Test") || strings.HasSuffix(stem, ".Specs") {
		testProj = true
	}
loop:
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
			depth++
			line, _ := dec.InputPos()
			switch {
			case depth == 1 && t.Name.Local == "Project":
				for _, a := range t.Attr {
					if a.Name.Local != "Sdk" {
						continue
					}
					for _, sdk := range strings.Split(a.Value, ";") {
						if d, ok := msbuildSDK(sdk); ok {
							d.Manifest, d.Line = manifest, line
							deps = append(deps, d)
						}
					}
				}
			case depth == 2 && t.Name.Local == "Sdk":
				var s struct {
					Name    string `xml:"Name,attr"`
					Version string `xml:"Version,attr"`
				}
				if err := dec.DecodeElement(&s, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					break loop
				}
				depth--
				if d, ok := msbuildSDK(s.Name); ok {
					d.Version = strings.TrimSpace(s.Version)
					d.Manifest, d.Line = manifest, line
					deps = append(deps, d)
				}
			case t.Name.Local == "IsTestProject":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					break loop
				}
				depth--
				if strings.EqualFold(strings.TrimSpace(s), "true") {
					testProj = true
				}
			case t.Name.Local == "PackageReference":
				var r packageReference
				if err := dec.DecodeElement(&r, &t); err != nil {
					w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
					break loop
				}
				depth--
				name := strings.TrimSpace(r.Include)
				if name == "" {
					if r.Update == "" {
						w.add(line, "PackageReference without Include")
					}
					continue
				}
				if strings.EqualFold(name, "Microsoft.NET.Test.Sdk") {
					testProj = true
				}
				ver := firstNonEmpty(r.VersionAttr, r.VersionElem, r.VersionOverride)
				deps = append(deps, Dependency{Name: name, Version: strings.TrimSpace(ver), Manifest: manifest, Ecosystem: "nuget", Line: line})
			}
		case xml.EndElement:
			depth--
		}
	}
	if testProj {
		for i := range deps {
			if deps[i].Kind == KindLibrary {
				deps[i].Dev = true
			}
		}
	}
	return deps, w.list
}

// msbuildSDK reads one SDK reference, "Name" or "Name/Version".
func msbuildSDK(s string) (Dependency, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Dependency{}, false
	}
	name, ver, _ := strings.Cut(s, "/")
	return Dependency{Name: strings.TrimSpace(name), Version: strings.TrimSpace(ver), Ecosystem: "nuget", Kind: KindSDK}, true
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// parseCentralPackageVersions reads the <PackageVersion Include Version>
// items of a Directory.Packages.props (NuGet central package management).
func parseCentralPackageVersions(manifest string, data []byte) (map[string]string, []string) {
	w := &warnings{path: manifest}
	dec := newXMLDecoder(data)
	out := map[string]string{}
	for {
		tok, err := dec.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				w.add(xmlErrorLine(dec, err), "%v", xmlErrorText(err))
			}
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "PackageVersion" {
			continue
		}
		var name, ver string
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "Include":
				name = strings.TrimSpace(a.Value)
			case "Version":
				ver = strings.TrimSpace(a.Value)
			}
		}
		if name != "" && ver != "" {
			out[strings.ToLower(name)] = ver
		}
	}
	return out, w.list
}

// resolveCentralVersions fills the versions NuGet package references leave
// to central package management.
func resolveCentralVersions(deps []Dependency, central map[string]string) {
	if len(central) == 0 {
		return
	}
	for i := range deps {
		d := &deps[i]
		if d.Ecosystem == "nuget" && d.Kind == KindLibrary && d.Version == "" {
			d.Version = central[strings.ToLower(d.Name)]
		}
	}
}
