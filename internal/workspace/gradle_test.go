package workspace

import "testing"

func TestParseGradle(t *testing.T) {
	runParserCases(t, "build.gradle", parseGradle, []parserCase{
		{
			name: "Groovy DSL",
			in: `buildscript {
    dependencies {
        classpath 'com.android.tools.build:gradle:8.3.0'
    }
}
plugins {
    id 'java'
    id 'org.springframework.boot' version '3.2.5'
    id "io.spring.dependency-management" version "1.1.4"
}
apply plugin: 'jacoco.custom'

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web'
    implementation "com.google.guava:guava:33.0.0-jre" // utilities
    api group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'
    compileOnly 'org.projectlombok:lombok:1.18.32@jar'
    implementation project(':core')
    implementation fileTree(dir: 'libs', include: ['*.jar'])
    implementation libs.jackson.databind
    developmentOnly 'org.springframework.boot:spring-boot-devtools'
    testImplementation 'org.springframework.boot:spring-boot-starter-test'
    debugImplementation 'com.squareup.leakcanary:leakcanary-android:2.14'
    androidTestImplementation 'androidx.test:runner:1.5.2'
    /* implementation 'commented:out:1.0' */
}
`,
			deps: []string{
				"8 org.springframework.boot@3.2.5 plugin",
				"9 io.spring.dependency-management@1.1.4 plugin",
				"11 jacoco.custom plugin",
				"14 org.springframework.boot:spring-boot-starter-web",
				"15 com.google.guava:guava@33.0.0-jre",
				"16 org.apache.commons:commons-lang3@3.14.0",
				"17 org.projectlombok:lombok@1.18.32",
				"21 org.springframework.boot:spring-boot-devtools dev",
				"22 org.springframework.boot:spring-boot-starter-test dev",
				"23 com.squareup.leakcanary:leakcanary-android@2.14",
				"24 androidx.test:runner@1.5.2 dev",
			},
		},
		{
			name: "Kotlin DSL",
			in: `plugins {
    kotlin("jvm") version "1.9.23"
    id("io.quarkus")
    ` + "`java-library`" + `
    alias(libs.plugins.detekt)
}

val ktorVersion: String by project

dependencies {
    implementation(enforcedPlatform("io.quarkus.platform:quarkus-bom:3.10.0"))
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.2.5"))
    implementation("io.quarkus:quarkus-resteasy-reactive")
    implementation("io.ktor:ktor-server-core:${ktorVersion}") {
        exclude(group = "org.slf4j")
    }
    runtimeOnly(group = "org.postgresql", name = "postgresql", version = "42.7.3")
    testImplementation(kotlin("test"))
}
`,
			deps: []string{
				"2 org.jetbrains.kotlin.jvm@1.9.23 plugin",
				"3 io.quarkus plugin",
				"11 io.quarkus.platform:quarkus-bom@3.10.0 platform",
				"12 org.springframework.boot:spring-boot-dependencies@3.2.5 platform",
				"13 io.quarkus:quarkus-resteasy-reactive",
				"14 io.ktor:ktor-server-core@${ktorVersion}",
				"17 org.postgresql:postgresql@42.7.3",
			},
		},
		{
			name: "plugins on one line and URLs in strings",
			in:   "plugins { id 'java'; id 'io.micronaut.application' version '4.3.8' }\nrepositories { maven { url 'https://repo.example.com/x' } }\ndependencies { implementation 'io.micronaut:micronaut-http-client' }\n",
			deps: []string{"1 io.micronaut.application@4.3.8 plugin"},
		},
		{
			name: "malformed notations",
			in:   "dependencies {\n    implementation 'just-a-name'\n    implementation ':no-group:1.0'\n    api group: 'g', version: '1'\n    testImplementation \"org.junit:junit\n    implementation 'ok:fine:1'\n}\n",
			deps: []string{"6 ok:fine@1"},
			warn: []string{
				`build.gradle:2: dependency "just-a-name" is not group:name[:version]`,
				`build.gradle:3: dependency ":no-group:1.0" is not group:name[:version]`,
				"build.gradle:4: map notation needs both group and name",
				"build.gradle:5: unterminated quoted string",
			},
		},
		{name: "unclosed block comment", in: "dependencies {\n/* implementation 'a:b:1'\n", deps: nil},
	})
}

func TestStripCComments(t *testing.T) {
	in := "a // x\n/* one\ntwo */ b\n\"http://x\" 'y//z' /* c */ d"
	want := "a \n\n b\n\"http://x\" 'y//z'  d"
	if got := stripCComments(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
