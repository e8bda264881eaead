package io.jobkit.examples.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Run with the local cloud's exports ({@code local/run up} prints them): {@code mvn -pl examples/spring-boot-demo spring-boot:run}. */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
