/* Ktor service built with the Kotlin DSL. */
plugins {
    kotlin("jvm") version "1.9.23"
    id("io.ktor.plugin") version "2.3.10"
    application
}

group = "com.example"
version = "0.0.1"

application {
    mainClass.set("com.example.ApplicationKt")
}

repositories {
    mavenCentral()
}

val ktorVersion = "2.3.10"

dependencies {
    implementation("io.ktor:ktor-server-core-jvm")
    implementation("io.ktor:ktor-server-netty-jvm")
    implementation("io.ktor:ktor-server-content-negotiation-jvm:$ktorVersion")
    implementation("ch.qos.logback:logback-classic:1.5.6") // logging
    implementation(project(":shared"))
    runtimeOnly(group = "org.postgresql", name = "postgresql", version = "42.7.3")
    testImplementation("io.ktor:ktor-server-tests-jvm") {
        exclude(group = "junit")
    }
    testImplementation("org.jetbrains.kotlin:kotlin-test-junit:1.9.23")
}
