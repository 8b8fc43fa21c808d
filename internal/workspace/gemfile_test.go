package workspace

import "testing"

func TestParseGemfile(t *testing.T) {
	runParserCases(t, "Gemfile", parseGemfile, []parserCase{
		{
			name: "gems, versions, groups and nested blocks",
			in: `source "https://rubygems.org"
git_source(:github) { |repo| "https://github.com/#{repo}.git" }

ruby "3.3.0"

gem "rails", "~> 7.1.3" # the framework
gem 'pg', '>= 0.18', '< 2.0'
gem("puma", ">= 5.0")
gem "bootsnap", require: false
gem "tzinfo-data", platforms: %i[ windows jruby ]
gem "rubocop", group: :development, require: false
gem "rspec", groups: [:development, :test]
gem "sidekiq", :group => :production
gem "dotenv", "~> 3.0", group: %i[development test]

group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
  platforms :jruby do
    gem "activerecord-jdbc-adapter"
  end
end

group :production do
  gem "lograge"
end

if ENV["SENTRY"]
  gem "sentry-ruby"
end

source "https://gems.example.com" do
  gem "private-gem", "1.0"
end

gemspec
`,
			deps: []string{
				"6 rails@~> 7.1.3",
				"7 pg@>= 0.18, < 2.0",
				"8 puma@>= 5.0",
				"9 bootsnap",
				"10 tzinfo-data",
				"11 rubocop dev",
				"12 rspec dev",
				"13 sidekiq",
				"14 dotenv@~> 3.0 dev",
				"17 debug dev",
				"19 activerecord-jdbc-adapter dev",
				"24 lograge",
				"28 sentry-ruby",
				"32 private-gem@1.0",
			},
		},
		{
			name: "malformed lines",
			in:   "gem rack\ngem \"rails\ngem\ngem \"ok\"\nend\ngroup :test do\n  gem \"rspec\"\n",
			deps: []string{"4 ok", "7 rspec dev"},
			warn: []string{
				"Gemfile:1: gem without a quoted name",
				"Gemfile:2: unterminated quoted string",
				"Gemfile:3: gem without a quoted name",
				"Gemfile:5: end without a block to close",
				"Gemfile:6: block opened here is never closed with end",
			},
		},
		{
			name: "hash in a string is not a comment",
			in:   "gem \"c#sharp\", \"1.0\" # real comment\n",
			deps: []string{"1 c#sharp@1.0"},
		},
	})
}

func TestRubySymbols(t *testing.T) {
	for in, want := range map[string]string{
		":development, :test":       "development test",
		"[:test]":                   "test",
		"%i[ development test ]":    "development test",
		"'test'":                    "test",
		`"development"`:             "development",
		":production":               "production",
		":development, 'ci', %i[x]": "development ci x",
	} {
		if got := joinWords(rubySymbols(in)); got != want {
			t.Errorf("rubySymbols(%q) = %q, want %q", in, got, want)
		}
	}
}

func joinWords(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}

func TestParseGemfileEmptyName(t *testing.T) {
	runParserCases(t, "Gemfile", parseGemfile, []parserCase{
		{name: "empty name", in: "gem \"\"\ngem ' ', '1'\n", warn: []string{"Gemfile:1: gem with an empty name", "Gemfile:2: gem with an empty name"}},
	})
}
