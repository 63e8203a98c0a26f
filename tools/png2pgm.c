/* png2pgm — a PNG to an 8-bit binary PGM (P5) or PPM (P6), maxval 255, written atomically.
 *
 * Usage: tools/png2pgm IN.png OUT.pgm     grey: P5, one byte a pixel
 *        tools/png2pgm IN.png OUT.ppm     colour: P6, three bytes a pixel (R, G, B)
 * libpng's simplified API converts any PNG to 8-bit greyscale (PNG_FORMAT_GRAY) or to 8-bit
 * RGB (PNG_FORMAT_RGB; an 8-bit RGB PNG is copied exactly); the output goes to OUT.tmp,
 * then is renamed. Errors: one line, exit 2.
 */
#include <errno.h>
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("png2pgm: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* Read path as width x height 8-bit pixels of the given format (malloc'd). */
static unsigned char *read_png(const char *path, png_uint_32 format, png_uint_32 *width, png_uint_32 *height)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        die("%s: %s", path, img.message);
    img.format = format;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
    if (!px) {
        png_image_free(&img);
        die("%s: out of memory", path);
    }
    if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
        free(px);
        die("%s: %s", path, img.message);
    }
    *width = img.width;
    *height = img.height;
    return px;
}

/* "P5\nW H\n255\n" (channels 1) or "P6\nW H\n255\n" (channels 3) and the pixels, to
 * path.tmp, then renamed to path. */
static void write_pnm(const char *path, const unsigned char *px, png_uint_32 w, png_uint_32 h, int channels)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        die("%s: path too long", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        die("%s: cannot create (%s)", tmp, strerror(errno));
    size_t n = (size_t)w * h * (size_t)channels;
    int ok = fprintf(f, "P%d\n%lu %lu\n255\n", channels == 3 ? 6 : 5, (unsigned long)w, (unsigned long)h) > 0 &&
             fwrite(px, 1, n, f) == n;
    if (fclose(f) != 0 || !ok) {
        remove(tmp);
        die("%s: write failed (%s)", tmp, strerror(errno));
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        die("%s: cannot rename to %s (%s)", tmp, path, strerror(errno));
    }
}

/* Whether s ends in suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 || !(ends_with(argv[2], ".pgm") || ends_with(argv[2], ".ppm")))
        die("usage: png2pgm IN.png OUT.pgm (grey) | OUT.ppm (colour)");
    int channels = ends_with(argv[2], ".ppm") ? 3 : 1;
    png_uint_32 w, h;
    unsigned char *px = read_png(argv[1], channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY, &w, &h);
    write_pnm(argv[2], px, w, h, channels);
    free(px);
    return 0;
}
