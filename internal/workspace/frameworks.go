package workspace

import (
	"sort"
	"strings"
)

// frameworkRule names a framework that a dependency reveals. A dependency
// matches when its name equals one of names or starts with one of prefixes;
// Python names are compared in their PEP 503 form.
type frameworkRule struct {
	framework  string
	ecosystems []string
	names      []string
	prefixes   []string
	// weight orders frameworks found in the same ecosystem: a framework
	// built on another (Next.js on React, NestJS on Express) weighs more,
	// so it is named first.
	weight int
}

var (
	goEco          = []string{"go"}
	npmEco         = []string{"npm"}
	pyEco          = []string{"pypi"}
	jvmEco         = []string{"maven", "gradle"}
	cargoEco       = []string{"cargo"}
	gemEco         = []string{"rubygems"}
	phpEco         = []string{"composer"}
	nugetEco       = []string{"nuget"}
	frameworkRules = []frameworkRule{
		// Go
		{framework: "Gin", ecosystems: goEco, names: []string{"github.com/gin-gonic/gin"}, weight: 80},
		{framework: "Echo", ecosystems: goEco, names: []string{"github.com/labstack/echo"}, prefixes: []string{"github.com/labstack/echo/v"}, weight: 80},
		{framework: "chi", ecosystems: goEco, names: []string{"github.com/go-chi/chi"}, prefixes: []string{"github.com/go-chi/chi/v"}, weight: 80},
		{framework: "Fiber", ecosystems: goEco, names: []string{"github.com/gofiber/fiber"}, prefixes: []string{"github.com/gofiber/fiber/v"}, weight: 80},
		{framework: "gorilla/mux", ecosystems: goEco, names: []string{"github.com/gorilla/mux"}, weight: 70},
		{framework: "Beego", ecosystems: goEco, prefixes: []string{"github.com/beego/beego", "github.com/astaxie/beego"}, weight: 80},
		{framework: "Hertz", ecosystems: goEco, names: []string{"github.com/cloudwego/hertz"}, weight: 80},
		{framework: "GoFrame", ecosystems: goEco, prefixes: []string{"github.com/gogf/gf"}, weight: 80},
		{framework: "Kratos", ecosystems: goEco, prefixes: []string{"github.com/go-kratos/kratos"}, weight: 85},
		{framework: "Connect", ecosystems: goEco, names: []string{"connectrpc.com/connect"}, weight: 60},
		{framework: "gRPC", ecosystems: goEco, names: []string{"google.golang.org/grpc"}, weight: 50},
		// JavaScript and TypeScript
		{framework: "Next.js", ecosystems: npmEco, names: []string{"next"}, weight: 90},
		{framework: "Nuxt", ecosystems: npmEco, names: []string{"nuxt", "nuxt3"}, weight: 90},
		{framework: "NestJS", ecosystems: npmEco, names: []string{"@nestjs/core"}, weight: 90},
		{framework: "Remix", ecosystems: npmEco, prefixes: []string{"@remix-run/"}, weight: 90},
		{framework: "SvelteKit", ecosystems: npmEco, names: []string{"@sveltejs/kit"}, weight: 90},
		{framework: "Angular", ecosystems: npmEco, names: []string{"@angular/core"}, weight: 85},
		{framework: "Astro", ecosystems: npmEco, names: []string{"astro"}, weight: 85},
		{framework: "Gatsby", ecosystems: npmEco, names: []string{"gatsby"}, weight: 85},
		{framework: "AdonisJS", ecosystems: npmEco, names: []string{"@adonisjs/core"}, weight: 85},
		{framework: "Electron", ecosystems: npmEco, names: []string{"electron"}, weight: 75},
		{framework: "React Native", ecosystems: npmEco, names: []string{"react-native"}, weight: 80},
		{framework: "Express", ecosystems: npmEco, names: []string{"express"}, weight: 70},
		{framework: "Fastify", ecosystems: npmEco, names: []string{"fastify"}, weight: 70},
		{framework: "Koa", ecosystems: npmEco, names: []string{"koa"}, weight: 70},
		{framework: "hapi", ecosystems: npmEco, names: []string{"@hapi/hapi", "hapi"}, weight: 70},
		{framework: "Hono", ecosystems: npmEco, names: []string{"hono"}, weight: 70},
		{framework: "React", ecosystems: npmEco, names: []string{"react"}, weight: 60},
		{framework: "Vue", ecosystems: npmEco, names: []string{"vue"}, weight: 60},
		{framework: "Svelte", ecosystems: npmEco, names: []string{"svelte"}, weight: 60},
		{framework: "Solid", ecosystems: npmEco, names: []string{"solid-js"}, weight: 60},
		// Python
		{framework: "Django", ecosystems: pyEco, names: []string{"django"}, weight: 85},
		{framework: "Django REST framework", ecosystems: pyEco, names: []string{"djangorestframework"}, weight: 75},
		{framework: "FastAPI", ecosystems: pyEco, names: []string{"fastapi"}, weight: 85},
		{framework: "Flask", ecosystems: pyEco, names: []string{"flask"}, weight: 80},
		{framework: "Litestar", ecosystems: pyEco, names: []string{"litestar"}, weight: 80},
		{framework: "Sanic", ecosystems: pyEco, names: []string{"sanic"}, weight: 80},
		{framework: "Pyramid", ecosystems: pyEco, names: []string{"pyramid"}, weight: 80},
		{framework: "Tornado", ecosystems: pyEco, names: []string{"tornado"}, weight: 75},
		{framework: "Falcon", ecosystems: pyEco, names: []string{"falcon"}, weight: 75},
		{framework: "Quart", ecosystems: pyEco, names: []string{"quart"}, weight: 75},
		{framework: "Bottle", ecosystems: pyEco, names: []string{"bottle"}, weight: 75},
		{framework: "aiohttp", ecosystems: pyEco, names: []string{"aiohttp"}, weight: 55},
		{framework: "Starlette", ecosystems: pyEco, names: []string{"starlette"}, weight: 60},
		{framework: "Streamlit", ecosystems: pyEco, names: []string{"streamlit"}, weight: 70},
		// JVM
		{framework: "Spring Boot", ecosystems: jvmEco, names: []string{"org.springframework.boot"}, prefixes: []string{"org.springframework.boot:"}, weight: 90},
		{framework: "Quarkus", ecosystems: jvmEco, names: []string{"io.quarkus"}, prefixes: []string{"io.quarkus:", "io.quarkus.platform:"}, weight: 90},
		{framework: "Micronaut", ecosystems: jvmEco, prefixes: []string{"io.micronaut"}, weight: 90},
		{framework: "Ktor", ecosystems: jvmEco, names: []string{"io.ktor.plugin"}, prefixes: []string{"io.ktor:"}, weight: 85},
		{framework: "Vert.x", ecosystems: jvmEco, prefixes: []string{"io.vertx:"}, weight: 80},
		{framework: "Dropwizard", ecosystems: jvmEco, prefixes: []string{"io.dropwizard:"}, weight: 80},
		{framework: "Javalin", ecosystems: jvmEco, prefixes: []string{"io.javalin:"}, weight: 80},
		{framework: "Helidon", ecosystems: jvmEco, prefixes: []string{"io.helidon"}, weight: 80},
		{framework: "Jakarta EE", ecosystems: jvmEco, prefixes: []string{"jakarta.platform:"}, weight: 70},
		{framework: "Spring Framework", ecosystems: jvmEco, prefixes: []string{"org.springframework:spring-web"}, weight: 60},
		{framework: "Android", ecosystems: jvmEco, names: []string{"com.android.application", "com.android.library"}, weight: 85},
		// Rust
		{framework: "Actix Web", ecosystems: cargoEco, names: []string{"actix-web"}, weight: 85},
		{framework: "Axum", ecosystems: cargoEco, names: []string{"axum"}, weight: 85},
		{framework: "Rocket", ecosystems: cargoEco, names: []string{"rocket"}, weight: 85},
		{framework: "Warp", ecosystems: cargoEco, names: []string{"warp"}, weight: 80},
		{framework: "Poem", ecosystems: cargoEco, names: []string{"poem"}, weight: 80},
		{framework: "Salvo", ecosystems: cargoEco, names: []string{"salvo"}, weight: 80},
		{framework: "Tide", ecosystems: cargoEco, names: []string{"tide"}, weight: 80},
		{framework: "Tauri", ecosystems: cargoEco, names: []string{"tauri"}, weight: 85},
		{framework: "Leptos", ecosystems: cargoEco, names: []string{"leptos"}, weight: 85},
		{framework: "Yew", ecosystems: cargoEco, names: []string{"yew"}, weight: 80},
		{framework: "Dioxus", ecosystems: cargoEco, names: []string{"dioxus"}, weight: 80},
		{framework: "tonic", ecosystems: cargoEco, names: []string{"tonic"}, weight: 50},
		// Ruby
		{framework: "Ruby on Rails", ecosystems: gemEco, names: []string{"rails"}, weight: 90},
		{framework: "Ruby on Rails", ecosystems: gemEco, names: []string{"railties", "actionpack"}, weight: 70},
		{framework: "Hanami", ecosystems: gemEco, names: []string{"hanami"}, weight: 85},
		{framework: "Sinatra", ecosystems: gemEco, names: []string{"sinatra"}, weight: 80},
		{framework: "Grape", ecosystems: gemEco, names: []string{"grape"}, weight: 75},
		{framework: "Roda", ecosystems: gemEco, names: []string{"roda"}, weight: 80},
		// PHP
		{framework: "Laravel", ecosystems: phpEco, names: []string{"laravel/framework"}, weight: 90},
		{framework: "Lumen", ecosystems: phpEco, names: []string{"laravel/lumen-framework"}, weight: 90},
		{framework: "Symfony", ecosystems: phpEco, names: []string{"symfony/framework-bundle", "symfony/symfony"}, weight: 85},
		{framework: "Slim", ecosystems: phpEco, names: []string{"slim/slim"}, weight: 80},
		{framework: "CakePHP", ecosystems: phpEco, names: []string{"cakephp/cakephp"}, weight: 85},
		{framework: "CodeIgniter", ecosystems: phpEco, names: []string{"codeigniter4/framework", "codeigniter/framework"}, weight: 85},
		{framework: "Yii", ecosystems: phpEco, names: []string{"yiisoft/yii2"}, weight: 85},
		{framework: "Laminas", ecosystems: phpEco, names: []string{"laminas/laminas-mvc"}, weight: 80},
		// .NET
		{framework: "ASP.NET Core", ecosystems: nugetEco, names: []string{"Microsoft.NET.Sdk.Web"}, weight: 90},
		{framework: "ASP.NET Core", ecosystems: nugetEco, prefixes: []string{"Microsoft.AspNetCore."}, weight: 70},
		{framework: "Blazor", ecosystems: nugetEco, names: []string{"Microsoft.NET.Sdk.BlazorWebAssembly", "Microsoft.AspNetCore.Components.WebAssembly"}, weight: 85},
		{framework: ".NET MAUI", ecosystems: nugetEco, names: []string{"Microsoft.Maui.Controls"}, weight: 85},
		{framework: "Avalonia", ecosystems: nugetEco, names: []string{"Avalonia"}, weight: 80},
		{framework: ".NET Worker Service", ecosystems: nugetEco, names: []string{"Microsoft.NET.Sdk.Worker"}, weight: 70},
	}
)

// ecosystemLanguages are the languages whose code an ecosystem's packages
// serve; the bytes of those languages rank the ecosystem's frameworks.
var ecosystemLanguages = map[string][]string{
	"go":       {"Go"},
	"npm":      {"TypeScript", "JavaScript"},
	"pypi":     {"Python"},
	"maven":    {"Java", "Kotlin", "Scala", "Groovy"},
	"gradle":   {"Java", "Kotlin", "Scala", "Groovy"},
	"cargo":    {"Rust"},
	"rubygems": {"Ruby"},
	"composer": {"PHP"},
	"nuget":    {"C#", "F#", "Visual Basic .NET"},
}

func (r frameworkRule) matches(d Dependency) bool {
	found := false
	for _, e := range r.ecosystems {
		if e == d.Ecosystem {
			found = true
		}
	}
	if !found {
		return false
	}
	name := d.Name
	fold := func(s string) string { return s }
	switch d.Ecosystem {
	case "pypi":
		name = normalizePyName(name)
	case "nuget":
		fold = strings.ToLower // NuGet ids ignore case
	}
	name = fold(name)
	for _, n := range r.names {
		if name == fold(n) {
			return true
		}
	}
	for _, p := range r.prefixes {
		if strings.HasPrefix(name, fold(p)) {
			return true
		}
	}
	return false
}

// detectFrameworks names the frameworks the dependencies reveal, most likely
// first: frameworks of the ecosystem whose languages hold the most bytes
// come first, runtime before development use, then the heavier framework
// (Next.js before React), then the one declared nearer the root. A Go code
// base that imports net/http and uses none of the Go web frameworks is
// credited to net/http.
func detectFrameworks(deps []Dependency, langs []Language, goNetHTTP bool) []string {
	bytesOf := map[string]int64{}
	for _, l := range langs {
		bytesOf[l.Name] = l.Bytes
	}
	share := func(eco string) int64 {
		var n int64
		for _, l := range ecosystemLanguages[eco] {
			n += bytesOf[l]
		}
		return n
	}
	type candidate struct {
		name   string
		share  int64
		dev    bool
		weight int
		depth  int
		order  int
	}
	best := map[string]candidate{}
	better := func(a, b candidate) bool {
		switch {
		case a.share != b.share:
			return a.share > b.share
		case a.dev != b.dev:
			return !a.dev
		case a.weight != b.weight:
			return a.weight > b.weight
		case a.depth != b.depth:
			return a.depth < b.depth
		case a.order != b.order:
			return a.order < b.order
		}
		return a.name < b.name
	}
	for i, d := range deps {
		for _, r := range frameworkRules {
			if !r.matches(d) {
				continue
			}
			c := candidate{name: r.framework, share: share(d.Ecosystem), dev: d.Dev, weight: r.weight, depth: depth(d.Manifest), order: i}
			if old, ok := best[c.name]; !ok || better(c, old) {
				best[c.name] = c
			}
		}
	}
	if goNetHTTP {
		goWeb := false
		for name := range best {
			if isGoRouter(name) {
				goWeb = true
			}
		}
		if !goWeb {
			best["net/http"] = candidate{name: "net/http", share: share("go"), weight: 40, order: len(deps)}
		}
	}
	list := make([]candidate, 0, len(best))
	for _, c := range best {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return better(list[i], list[j]) })
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.name
	}
	return out
}

// isGoRouter reports whether a framework is one of the Go HTTP frameworks
// that stand in for plain net/http.
func isGoRouter(name string) bool {
	switch name {
	case "Gin", "Echo", "chi", "Fiber", "gorilla/mux", "Beego", "Hertz", "GoFrame", "Kratos":
		return true
	}
	return false
}
