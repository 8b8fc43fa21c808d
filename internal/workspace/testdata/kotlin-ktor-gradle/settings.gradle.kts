rootProject.name = "greeter"
include("shared")
