package workspace

import "testing"

func TestParseMSBuildProject(t *testing.T) {
	runParserCases(t, "src/Api/Api.csproj", parseMSBuildProject, []parserCase{
		{
			name: "web SDK and package references",
			in: `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="8.0.4" />
    <PackageReference Include="Swashbuckle.AspNetCore">
      <Version>6.5.0</Version>
    </PackageReference>
    <PackageReference Include="Serilog" VersionOverride="3.1.1" />
    <PackageReference Include="Central.Only" />
    <PackageReference Update="Some.Package" Version="2.0.0" />
  </ItemGroup>
</Project>`,
			deps: []string{
				"1 Microsoft.NET.Sdk.Web sdk",
				"4 Microsoft.EntityFrameworkCore@8.0.4",
				"5 Swashbuckle.AspNetCore@6.5.0",
				"8 Serilog@3.1.1",
				"9 Central.Only",
			},
		},
		{
			name: "several SDKs and an Sdk element",
			in:   "<Project Sdk=\"Microsoft.NET.Sdk;Aspire.AppHost.Sdk/8.0.0\">\n  <Sdk Name=\"Microsoft.Build.CentralPackageVersions\" Version=\"2.1.3\" />\n</Project>",
			deps: []string{"1 Microsoft.NET.Sdk sdk", "1 Aspire.AppHost.Sdk@8.0.0 sdk", "2 Microsoft.Build.CentralPackageVersions@2.1.3 sdk"},
		},
		{
			name: "test project by its test SDK package",
			in:   "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup>\n<PackageReference Include=\"xunit\" Version=\"2.7.0\" />\n<PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.9.0\" />\n</ItemGroup>\n</Project>",
			deps: []string{"1 Microsoft.NET.Sdk sdk", "3 xunit@2.7.0 dev", "4 Microsoft.NET.Test.Sdk@17.9.0 dev"},
		},
		{
			name: "test project by IsTestProject",
			in:   "<Project Sdk=\"Microsoft.NET.Sdk\">\n<PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup>\n<ItemGroup><PackageReference Include=\"NUnit\" Version=\"4.1.0\" /></ItemGroup>\n</Project>",
			deps: []string{"1 Microsoft.NET.Sdk sdk", "3 NUnit@4.1.0 dev"},
		},
		{
			name: "reference without Include and a broken end",
			in:   "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n<ItemGroup>\n<PackageReference Include=\"Dapper\" Version=\"2.1.35\" />\n<PackageReference Version=\"1.0.0\" />\n</ItemGroup>\n</Project",
			deps: []string{"1 Microsoft.NET.Sdk.Web sdk", "3 Dapper@2.1.35"},
			warn: []string{"src/Api/Api.csproj:4: PackageReference without Include", "src/Api/Api.csproj:6: XML syntax error"},
		},
	})
	runParserCases(t, "tests/Api.Tests.csproj", parseMSBuildProject, []parserCase{
		{
			name: "test project by name",
			in:   "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"Moq\" Version=\"4.20.70\" /></ItemGroup></Project>",
			deps: []string{"1 Microsoft.NET.Sdk sdk", "1 Moq@4.20.70 dev"},
		},
	})
}

func TestParseCentralPackageVersions(t *testing.T) {
	in := "<Project>\n<ItemGroup>\n<PackageVersion Include=\"Serilog\" Version=\"3.1.1\" />\n<PackageVersion Include=\"NoVersion\" />\n</ItemGroup>\n</Project>"
	got, warns := parseCentralPackageVersions("Directory.Packages.props", []byte(in))
	if len(warns) != 0 || len(got) != 1 || got["serilog"] != "3.1.1" {
		t.Fatalf("got %v %v", got, warns)
	}
	_, warns = parseCentralPackageVersions("Directory.Packages.props", []byte("<Project><ItemGroup>"))
	if len(warns) != 1 {
		t.Fatalf("truncated props: warnings %v", warns)
	}
}
