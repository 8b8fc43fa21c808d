package workspace

import (
	"strings"
	"testing"
)

func TestDetectFrameworks(t *testing.T) {
	dep := func(eco, name string) Dependency { return Dependency{Name: name, Ecosystem: eco, Manifest: "m"} }
	devDep := func(eco, name string) Dependency {
		d := dep(eco, name)
		d.Dev = true
		return d
	}
	tests := []struct {
		name  string
		deps  []Dependency
		langs []Language
		http  bool
		want  string
	}{
		{name: "meta-framework before its library", deps: []Dependency{dep("npm", "react"), dep("npm", "next")}, want: "Next.js,React"},
		{name: "NestJS before Express", deps: []Dependency{dep("npm", "express"), dep("npm", "@nestjs/core")}, want: "NestJS,Express"},
		{
			name:  "language share decides across ecosystems",
			deps:  []Dependency{dep("npm", "react"), dep("go", "github.com/labstack/echo/v4")},
			langs: []Language{{Name: "Go", Bytes: 900}, {Name: "TypeScript", Bytes: 100}},
			want:  "Echo,React",
		},
		{
			name:  "and the other way round",
			deps:  []Dependency{dep("npm", "react"), dep("go", "github.com/labstack/echo/v4")},
			langs: []Language{{Name: "Go", Bytes: 100}, {Name: "TypeScript", Bytes: 900}},
			want:  "React,Echo",
		},
		{name: "runtime before development", deps: []Dependency{devDep("pypi", "Flask"), dep("pypi", "fastapi")}, want: "FastAPI,Flask"},
		{name: "Python names are normalised", deps: []Dependency{dep("pypi", "Django"), dep("pypi", "djangorestframework")}, want: "Django,Django REST framework"},
		{name: "NuGet names ignore case", deps: []Dependency{dep("nuget", "microsoft.aspnetcore.openapi")}, want: "ASP.NET Core"},
		{name: "one framework from several dependencies", deps: []Dependency{dep("nuget", "Microsoft.AspNetCore.Mvc"), {Name: "Microsoft.NET.Sdk.Web", Ecosystem: "nuget", Kind: KindSDK}}, want: "ASP.NET Core"},
		{name: "Go module major versions", deps: []Dependency{dep("go", "github.com/go-chi/chi/v5"), dep("go", "github.com/go-chi/cors")}, want: "chi"},
		{name: "prefix matches whole path elements", deps: []Dependency{dep("go", "github.com/labstack/echo-contrib")}, want: ""},
		{name: "Spring Boot from the parent", deps: []Dependency{{Name: "org.springframework.boot:spring-boot-starter-parent", Ecosystem: "maven", Kind: KindParent}}, want: "Spring Boot"},
		{name: "Spring Boot from a Gradle plugin", deps: []Dependency{{Name: "org.springframework.boot", Ecosystem: "gradle", Kind: KindPlugin}}, want: "Spring Boot"},
		{name: "Quarkus BOM", deps: []Dependency{dep("maven", "io.quarkus.platform:quarkus-bom")}, want: "Quarkus"},
		{name: "Micronaut", deps: []Dependency{dep("gradle", "io.micronaut:micronaut-http-server-netty")}, want: "Micronaut"},
		{name: "Rails", deps: []Dependency{dep("rubygems", "rails"), dep("rubygems", "sinatra")}, want: "Ruby on Rails,Sinatra"},
		{name: "Laravel and Symfony", deps: []Dependency{dep("composer", "symfony/framework-bundle"), dep("composer", "laravel/framework")}, want: "Laravel,Symfony"},
		{name: "Rust web frameworks", deps: []Dependency{dep("cargo", "actix-web"), dep("cargo", "axum"), dep("cargo", "rocket")}, want: "Actix Web,Axum,Rocket"},
		{name: "net/http only without a router", deps: []Dependency{dep("go", "github.com/jackc/pgx/v5")}, langs: []Language{{Name: "Go", Bytes: 10}}, http: true, want: "net/http"},
		{name: "nothing", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(detectFrameworks(tc.deps, tc.langs, tc.http), ",")
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
