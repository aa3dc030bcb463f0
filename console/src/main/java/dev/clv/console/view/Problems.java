package dev.clv.console.view;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The page every view shows when it cannot show itself: a title and the reason, the API's own when it refused. */
@CheckedTemplate(basePath = "")
public class Problems {
    public static native TemplateInstance problem(Viewer viewer, ViewParams view, String title, String detail);
}
