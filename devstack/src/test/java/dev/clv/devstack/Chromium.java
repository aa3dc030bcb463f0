package dev.clv.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the console's tests: Debian's {@code chromium} and {@code chromium-driver}, installed
 * with apt when missing (the build needs no browser download at run time, and Selenium Manager is never asked for
 * one), started with the flags this machine's closed network needs.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Installs the browser and its driver if this machine has not got them. */
    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                .strip());
        List<String> apt = List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium",
                "chromium-driver");
        List<String> command = root
                ? apt
                : java.util.stream.Stream.concat(java.util.stream.Stream.of("sudo", "-n"),
                        apt.stream()).toList();
        System.out.println("Installing Debian's chromium and chromium-driver for the console's browser tests: "
                + String.join(" ", command));
        for (List<String> step : List.of(root
                ? List.of("apt-get", "update")
                : List.of("sudo", "-n", "apt-get",
                        "update"),
                command)) {
            Process p = new ProcessBuilder(step).inheritIO().start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("could not install the browser (" + String.join(" ", step)
                        + "); install the Debian packages chromium and chromium-driver and run again");
            }
        }
    }

    /** A new headless browser with an empty profile of its own. */
    static ChromeDriver start(Path profile) throws IOException, InterruptedException {
        ensureInstalled();
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
