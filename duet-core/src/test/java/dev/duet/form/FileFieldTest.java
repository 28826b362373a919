package dev.duet.form;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.UploadedFile;
import dev.duet.test.MultipartBody;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A multipart form's files, read and checked through a real request. */
class FileFieldTest {
    private static final byte[] PNG = new byte[2048];

    private static TestResponse upload(Consumer<MultipartBody> parts) {
        App app = App.create(Config.builder().csrf(false).build());
        app.post("/photo", req -> {
            Form form = Form.of(req);
            String title = form.field("title").required().value();
            UploadedFile photo = form.file("photo").required().maxSize(4 * 1024).type("image/png", "image/jpeg").value();
            form.orThrow();
            return Response.text(title + ": " + photo.fileName() + " " + photo.size());
        });
        try (TestClient client = TestClient.of(app)) {
            return client.send(TestRequest.post("/photo").header("Accept", "application/json").multipart(parts));
        }
    }

    @Test
    void aFileThatPassesEveryCheckIsReturnedWithTheFields() {
        TestResponse res = upload(m -> m.field("title", "Me").file("photo", "me.png", "image/png", PNG));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("Me: me.png 2048");
    }

    @Test
    void anEmptyFileInputIsNoFileAndFailsRequired() {
        TestResponse res = upload(m -> m.field("title", "Me").file("photo", "", "application/octet-stream", new byte[0]));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.text()).contains("\"photo\":[\"is required\"]");
    }

    @Test
    void aFileTooLargeOrOfAnotherTypeGetsOneErrorAndTheFieldsStillTheirs() {
        TestResponse big = upload(m -> m.file("photo", "big.png", "image/png", new byte[5000]));
        assertThat(big.status()).isEqualTo(422);
        assertThat(big.text()).contains("\"photo\":[\"must be at most 4 KiB\"]").contains("\"title\":[\"is required\"]");
        TestResponse pdf = upload(m -> m.field("title", "Me").file("photo", "cv.pdf", "application/pdf", PNG));
        assertThat(pdf.text()).contains("\"photo\":[\"must be of type image/png or image/jpeg\"]");
    }

    @Test
    void aWildcardTypeAcceptsTheWholeFamilyAndParametersAreIgnored() {
        App app = App.create(Config.builder().csrf(false).build());
        app.post("/any-image", req -> {
            Form form = Form.of(req);
            form.file("picture").type("image/*");
            return form.invalid() ? Response.text(form.firstError("picture")).status(422) : Response.text("ok");
        });
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.send(TestRequest.post("/any-image")
                    .multipart(m -> m.file("picture", "a.webp", "Image/WebP; q=1", PNG))).text()).isEqualTo("ok");
            assertThat(client.send(TestRequest.post("/any-image")
                    .multipart(m -> m.file("picture", "a.svg.txt", "text/plain", PNG))).text()).isEqualTo("must be of type image/*");
            assertThat(client.send(TestRequest.post("/any-image").multipart(m -> m.field("other", "1"))).text())
                    .as("no file chosen and not required: nothing to check").isEqualTo("ok");
        }
    }

    @Test
    void aFormWithoutFilesHasNoFile() {
        Form form = Form.of(java.util.Map.of("title", java.util.List.of("x")));
        FileField photo = form.file("photo").required();
        assertThat(photo.valid()).isFalse();
        assertThat(form.errors("photo")).containsExactly("is required");
    }
}
