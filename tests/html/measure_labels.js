// measure_labels.js - injected by html_test.sh into a copy of a report: for every
// <svg>, each <text>'s box from getBBox, carried through getCTM (rotated labels
// stay rotated), must not overlap another's and must lie inside the drawing; the
// findings go into <pre id="label-check"> for --dump-dom to show.
(function () {
    var SLACK = 0.75; // px: glyph boxes touch, they may not overlap
    function quad(text) {
        var box = text.getBBox(), matrix = text.getCTM();
        var corners = [[box.x + SLACK, box.y + SLACK], [box.x + box.width - SLACK, box.y + SLACK],
                       [box.x + box.width - SLACK, box.y + box.height - SLACK],
                       [box.x + SLACK, box.y + box.height - SLACK]];
        return corners.map(function (p) {
            return [matrix.a * p[0] + matrix.c * p[1] + matrix.e, matrix.b * p[0] + matrix.d * p[1] + matrix.f];
        });
    }
    // separating axis test for two convex quadrilaterals
    function overlap(a, b) {
        var polygons = [a, b];
        for (var k = 0; k < 2; k++) {
            var poly = polygons[k];
            for (var i = 0; i < 4; i++) {
                var p = poly[i], q = poly[(i + 1) % 4];
                var nx = q[1] - p[1], ny = p[0] - q[0];
                var minA = Infinity, maxA = -Infinity, minB = Infinity, maxB = -Infinity;
                a.forEach(function (v) { var d = nx * v[0] + ny * v[1]; minA = Math.min(minA, d); maxA = Math.max(maxA, d); });
                b.forEach(function (v) { var d = nx * v[0] + ny * v[1]; minB = Math.min(minB, d); maxB = Math.max(maxB, d); });
                if (maxA <= minB || maxB <= minA)
                    return false;
            }
        }
        return true;
    }
    var lines = [], svgs = document.querySelectorAll("svg"), texts = 0;
    for (var s = 0; s < svgs.length; s++) {
        var svg = svgs[s], list = svg.querySelectorAll("text"), quads = [];
        var view = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0
            ? svg.viewBox.baseVal : {x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value};
        var name = svg.getAttribute("data-team") || svg.getAttribute("data-kpi") || ("svg " + s);
        for (var i = 0; i < list.length; i++) {
            if (list[i].textContent.trim() === "")
                continue;
            var q = quad(list[i]);
            quads.push([list[i], q]);
            texts++;
            var xs = q.map(function (v) { return v[0]; }), ys = q.map(function (v) { return v[1]; });
            if (Math.min.apply(null, xs) < view.x - 1 || Math.min.apply(null, ys) < view.y - 1 ||
                Math.max.apply(null, xs) > view.x + view.width + 1 || Math.max.apply(null, ys) > view.y + view.height + 1)
                lines.push("CUT\t" + name + "\t" + list[i].textContent);
        }
        for (var i = 0; i < quads.length; i++)
            for (var j = i + 1; j < quads.length; j++)
                if (overlap(quads[i][1], quads[j][1]))
                    lines.push("OVERLAP\t" + name + "\t" + quads[i][0].textContent + "\t" + quads[j][0].textContent);
    }
    var pre = document.createElement("pre");
    pre.id = "label-check";
    pre.setAttribute("data-texts", String(texts));
    pre.textContent = lines.join("\n");
    document.body.appendChild(pre);
})();
