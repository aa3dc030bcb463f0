package dev.clv.console.schedule;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.console.ConsoleConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/** E-mails a run's PDF to the schedule's address when an SMTP host is configured; otherwise the archive is all. */
@ApplicationScoped
public class ReportMail {
    private final ReactiveMailer mailer;
    private final boolean enabled;

    public ReportMail(ReactiveMailer mailer, ConsoleConfig config) {
        this.mailer = mailer;
        this.enabled = config.reports().smtpHost().filter(h -> !h.isBlank()).isPresent();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Sends the PDF; answers the address it went to, or null when nothing was sent. */
    public Uni<String> send(Schedule s, String title, String fileName, byte[] pdf) {
        if (!enabled || s.email() == null || s.email().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        Mail mail = Mail.withText(s.email(), title + " (" + fileName + ")", "Your scheduled report, "
                + s.when() + ", is attached.\n\nCLV console").addAttachment(fileName, pdf, "application/pdf");
        return mailer.send(mail).replaceWith(s.email());
    }
}
