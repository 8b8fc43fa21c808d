package workspace

import "testing"

func TestParsePOM(t *testing.T) {
	runParserCases(t, "svc/pom.xml", parsePOM, []parserCase{
		{
			name: "parent, dependencies, scopes, properties and an imported BOM",
			in: `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.5</version>
  </parent>
  <artifactId>svc</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.mapstruct</groupId>
      <artifactId>mapstruct</artifactId>
      <version>${mapstruct.version}</version>
    </dependency>
    <dependency>
      <groupId>com.example</groupId>
      <artifactId>shared</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${junit.version}</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <properties>
    <mapstruct.version>${mapstruct.major}.5.5.Final</mapstruct.version>
    <mapstruct.major>1</mapstruct.major>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.quarkus.platform</groupId>
        <artifactId>quarkus-bom</artifactId>
        <version>3.10.0</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
      <dependency>
        <groupId>com.google.guava</groupId>
        <artifactId>guava</artifactId>
        <version>33.0.0-jre</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <profiles>
    <profile>
      <dependencies>
        <dependency><groupId>x</groupId><artifactId>in-profile</artifactId></dependency>
      </dependencies>
    </profile>
  </profiles>
</project>
`,
			deps: []string{
				"3 org.springframework.boot:spring-boot-starter-parent@3.2.5 parent",
				"10 org.springframework.boot:spring-boot-starter-web",
				"14 org.mapstruct:mapstruct@1.5.5.Final",
				"19 com.example:shared@3.2.5",
				"24 org.junit.jupiter:junit-jupiter@${junit.version} dev",
				"37 io.quarkus.platform:quarkus-bom@3.10.0 platform",
			},
		},
		{
			name: "Latin-1 document",
			in:   "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project><name>caf\xe9</name><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies></project>",
			deps: []string{"2 a:b@1"},
		},
		{
			name: "missing artifactId",
			in:   "<project>\n<dependencies>\n<dependency>\n<groupId>a</groupId>\n</dependency>\n</dependencies>\n</project>",
			warn: []string{"svc/pom.xml:3: dependency lacks groupId or artifactId"},
		},
		{
			name: "syntax error keeps what came before",
			in:   "<project>\n<dependencies>\n<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>\n<dependency><groupId>c</groupId>\n</dependencies>\n</project>",
			deps: []string{"3 a:b"},
			warn: []string{"svc/pom.xml:5: XML syntax error: element <dependency> closed by </dependencies>"},
		},
		{
			name: "unknown encoding",
			in:   "<?xml version=\"1.0\" encoding=\"EBCDIC\"?>\n<project/>",
			warn: []string{"svc/pom.xml:1: xml: opening charset"},
		},
		{name: "empty", in: ""},
	})
}

func TestExpandProperties(t *testing.T) {
	props := map[string]string{"a": "${b}", "b": "${c}", "c": "1", "loop": "${loop}"}
	for in, want := range map[string]string{
		"${a}":           "1",
		"v${c}-${c}":     "v1-1",
		"${missing}":     "${missing}",
		"${loop}":        "${loop}",
		"plain":          "plain",
		"${a":            "${a",
		"${a}.${absent}": "1.${absent}",
	} {
		if got := expandProperties(in, props); got != want {
			t.Errorf("expandProperties(%q) = %q, want %q", in, got, want)
		}
	}
}
