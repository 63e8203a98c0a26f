/* png2pgm — a PNG to an 8-bit binary PGM (P5, maxval 255), written atomically.
 *
 * Usage: tools/png2pgm IN.png OUT.pgm
 * libpng's simplified API converts any PNG to 8-bit greyscale (PNG_FORMAT_GRAY);
 * the PGM goes to OUT.pgm.tmp, then is renamed. Errors: one line, exit 2.
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

/* Read path as width x height 8-bit grey pixels (malloc'd). */
static unsigned char *read_png(const char *path, png_uint_32 *width, png_uint_32 *height)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        die("%s: %s", path, img.message);
    img.format = PNG_FORMAT_GRAY;
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

/* "P5\nW H\n255\n" and the pixels, to path.tmp, then renamed to path. */
static void write_pgm(const char *path, const unsigned char *px, png_uint_32 w, png_uint_32 h)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        die("%s: path too long", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        die("%s: cannot create (%s)", tmp, strerror(errno));
    size_t n = (size_t)w * h;
    int ok = fprintf(f, "P5\n%lu %lu\n255\n", (unsigned long)w, (unsigned long)h) > 0 &&
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

int main(int argc, char **argv)
{
    if (argc != 3)
        die("usage: png2pgm IN.png OUT.pgm");
    png_uint_32 w, h;
    unsigned char *px = read_png(argv[1], &w, &h);
    write_pgm(argv[2], px, w, h);
    free(px);
    return 0;
}
