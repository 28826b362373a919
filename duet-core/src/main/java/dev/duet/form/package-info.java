/**
 * Typed form readers and validation, without reflection: read a field, convert it, check it,
 * and collect every error per field, then answer with the page again (status 422, the form in the
 * model) or with a 422 JSON body.
 *
 * <pre>{@code
 * app.post("/signup", req -> {
 *     Form form = Form.of(req);
 *     String email = form.field("email").required().trim().email().value();
 *     int age = form.field("age").asInt().min(13).orElse(0);
 *     String password = form.field("password").secret().required().minLength(8).value();
 *     if (form.invalid()) return form.rerender("signup.html");          // 422, values and errors kept
 *     return Response.redirect("/welcome");
 * });
 * }</pre>
 *
 * <p>{@link dev.duet.form.Form} reads a request's fields; {@link dev.duet.form.Validation} checks
 * values from anywhere (a JSON body's record) with the same readers and the same errors;
 * {@link dev.duet.form.ValidationException} is the 422 Duet's error path writes as
 * {@code {"error": ..., "status": 422, "requestId": ..., "errors": {"email": ["must be an email address"]}}}.
 */
package dev.duet.form;
