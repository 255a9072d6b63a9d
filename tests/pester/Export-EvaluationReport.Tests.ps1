# Export-EvaluationReport against the built module, on the bundled digits demo and the tiny detection fixture.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $demoEvaluation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    # The embedded data of a report: the JSON of its script element report-data.
    function Get-ReportData([string] $Path) {
        $html = Get-Content -LiteralPath $Path -Raw
        $start = $html.IndexOf('id="report-data">') + 'id="report-data">'.Length
        $html.Substring($start, $html.IndexOf('</script>', $start) - $start) | ConvertFrom-Json
    }
}

Describe 'Export-EvaluationReport' {
    It 'writes the demo report as one self-contained file' {
        $report = Join-Path $TestDrive 'demo.html'
        $demoEvaluation | Export-EvaluationReport -Path $report -Title 'Digits demo'
        Test-Path -LiteralPath $report | Should -BeTrue
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Match '<title>[^<]*Digits demo'
        # Nothing is loaded from the web: no attribute or CSS url() names an http(s) address. (The embedded chart
        # library's source still contains the SVG namespace string, which loads nothing.)
        $html | Should -Not -Match '(src|href|action)\s*=\s*["'']?\s*https?:'
        $html | Should -Not -Match 'url\(\s*["'']?\s*https?:'
        $html | Should -Not -Match '@import'
    }

    It 'warns of gallery items without an embedding in the other embedding commands'' words, naming -EmbeddingPath' {
        # Only the training vectors: no gallery item (all test images) has one. Before: 'N gallery items have no
        # embedding (…): their cards show no similar training images.', without the advice the other commands give.
        $report = Join-Path $TestDrive 'without-vectors.html'
        $demoEvaluation | Export-EvaluationReport -Path $report -EmbeddingPath (Join-Path $Demo 'embeddings.training.jsonl') -WarningVariable warnings -WarningAction SilentlyContinue
        $similar = @($warnings | Where-Object { "$_" -like '*Left out of the similar training images:*' })
        $similar.Count | Should -Be 1
        # 540: the demo's test items, every one a gallery item; the warning names the ground truth it is of.
        "$similar" | Should -BeLike '*dataset.csv: Left out of the similar training images: 540 gallery items without an embedding (images/test/*; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl); their cards show none.'
    }

    It 'names the slice of a -SliceBy evaluation in its title and subtitle, whose figures are the slice''s' {
        # The page of camera b's 185 items read as the whole demo's ('Classification evaluation: dataset.csv').
        $cameraB = (Get-DemoCameraEvaluation -MetadataPath (Join-Path $TestDrive 'cameras.csv'))[0]
        $report = Join-Path $TestDrive 'camera-b.html'
        $cameraB | Export-EvaluationReport -Path $report
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Match '<title>Classification evaluation: dataset\.csv, camera=b</title>'
        $html | Should -Match "split &#39;test&#39; · slice &#39;camera=b&#39; · 185 items"
        (Get-ReportData -Path $report).classification.evaluation.items | Should -Be 185
        # A title given is the title.
        $cameraB | Export-EvaluationReport -Path $report -Title 'Camera B'
        Get-Content -LiteralPath $report -Raw | Should -Match '<title>Camera B</title>'
    }

    It 'runs help example 1 as written (without -Open), finding the demo the module bundles' {
        $code = (Get-Help -Name Export-EvaluationReport -Examples).Examples.Example[0].Code
        $code | Should -Match ' -Open$'
        Push-Location -LiteralPath $TestDrive
        try { & ([scriptblock]::Create(($code -replace ' -Open$', ''))) } finally { Pop-Location }
        # The demo's 540 test images, as Get-ModelEvaluation counts them (README).
        (Get-ReportData (Join-Path $TestDrive 'digits.html')).classification.evaluation.items | Should -Be 540
    }

    It 'with -Open hands the report to the launcher, and writes ReportOpenFailed when the launcher finds no browser' -Skip:(-not $IsLinux) {
        # .NET opens a file through the first xdg-open on PATH: a stand-in records what it was given and exits as told.
        $bin = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'launcher')
        $launcher = Join-Path $bin.FullName 'xdg-open'
        $given = Join-Path $TestDrive 'launcher-given.txt'
        $report = Join-Path $TestDrive 'opened.html'
        $savedPath = $env:PATH
        $env:PATH = $bin.FullName + [IO.Path]::PathSeparator + $env:PATH
        try {
            $errors = foreach ($body in @(
                    'exit 3',
                    'exit 0',
                    # A browser run in the foreground keeps the launcher going: handed over, no error, and no wait for it
                    # (a bound half the launcher's 40 s, so that a loaded machine's slow report write stays under it).
                    'sleep 40')) {
                Set-Content -LiteralPath $launcher -Value "#!/bin/sh`necho `"`$1`" > '$given'`n$body"
                chmod +x $launcher
                Remove-Item -LiteralPath $given -ErrorAction SilentlyContinue
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $passed = $demoEvaluation | Export-EvaluationReport -Path $report -Open -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
                # The report is written and passed on whatever the launcher does.
                $passed.Accuracy | Should -Be $demoEvaluation.Accuracy
                Get-Content -LiteralPath $given | Should -BeExactly $report
                , @($failed)
            }
        }
        finally {
            $env:PATH = $savedPath
        }
        $errors[1].Count + $errors[2].Count | Should -Be 0
        $errors[0].Count | Should -Be 1
        $errors[0][0].FullyQualifiedErrorId | Should -BeExactly 'ReportOpenFailed,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
        $errors[0][0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$($errors[0][0])" | Should -BeLike "the report is written to $report, but the system's launcher could not open it (exit code 3)*BROWSER*"
    }

    It 'resolves -Path against the current location and passes the evaluation on with -PassThru' {
        Push-Location -LiteralPath $TestDrive
        try {
            $passed = $demoEvaluation | Export-EvaluationReport -Path 'relative.html' -PassThru
        }
        finally {
            Pop-Location
        }
        Test-Path -LiteralPath (Join-Path $TestDrive 'relative.html') | Should -BeTrue
        $passed.GetType().FullName | Should -Be 'AutoMLEval.ModelEvaluation'
    }

    It 'keeps a file that exists with -NoClobber (a terminating NoClobber error before any work)' {
        $file = Join-Path $TestDrive 'kept.html'
        Set-Content -LiteralPath $file -Value 'an older report'
        { $demoEvaluation | Export-EvaluationReport -Path $file -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoClobber,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
        Get-Content -LiteralPath $file | Should -BeExactly 'an older report'
    }

    It 'refuses a folder as -Path with a non-terminating OutputWriteFailed saying it is a folder' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'reports')
        $demoEvaluation | Export-EvaluationReport -Path $folder.FullName -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'OutputWriteFailed,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
        "$($failed[0])" | Should -BeLike "*reports' is a folder; name the file to write*"
        @(Get-ChildItem -LiteralPath $folder.FullName -Force).Count | Should -Be 0
    }

    It 'refuses the folder before any work: before reading -EmbeddingPath or comparing with -Baseline' {
        # The output was opened last, after the comparison's resamples and the embeddings had been read (here: a missing file).
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'reports-first')
        $demoEvaluation | Export-EvaluationReport -Path $folder.FullName -EmbeddingPath (Join-Path $TestDrive 'missing.jsonl') -Baseline $demoEvaluation -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'OutputWriteFailed,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
    }

    It 'writes the report of a detection evaluation' {
        $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
        $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -Task Detection
        $report = Join-Path $TestDrive 'detection.html'
        $det | Export-EvaluationReport -Path $report
        Test-Path -LiteralPath $report | Should -BeTrue
        Get-Content -LiteralPath $report -Raw | Should -Match 'Object detection'
    }

    Context '-ImagePath' {
        BeforeAll {
            $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
            $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -Task Detection
        }

        It 'draws the errors over the images it finds, and counts and warns about the ones it does not' {
            # tiny_bbox has errors in both of its images, 000000000001.jpg and 000000000002.jpg; the folder holds the
            # first only (a demo digit: libvips reads the file by its content, not its name).
            $images = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'images')
            Copy-Item -LiteralPath (Get-ChildItem -LiteralPath (Join-Path $Demo 'images/test') -Filter '*.png' | Select-Object -First 1).FullName -Destination (Join-Path $images '000000000001.jpg')
            $report = Join-Path $TestDrive 'drawn.html'
            $det | Export-EvaluationReport -Path $report -ImagePath $images -WarningVariable warnings -WarningAction SilentlyContinue
            $counts = (Get-ReportData $report).detection.imageCounts
            $counts.embedded | Should -Be 1
            $counts.notFound | Should -Be 1
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -Match '1 of 2 images was not found \(the first: .*000000000002\.jpg\)'
        }

        It 'finds a Vertex AI image (a gs:// URI) by its file name, as Get-ModelEvaluation -ImagePath reads its size' {
            # a.png holds a cat the detection misses (wrong place), so its image is drawn; the folder has it as a.png.
            $vertex = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'vertex')
            $import = Join-Path $vertex 'import.csv'
            $predictions = Join-Path $vertex 'predictions.jsonl'
            Set-Content -LiteralPath $import -Value 'TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,'
            Set-Content -LiteralPath $predictions -Value '{"instance":{"content":"gs://b/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0.6,0.9,0.6,0.9]]}}'
            $images = New-Item -ItemType Directory -Path (Join-Path $vertex 'images')
            Copy-Item -LiteralPath (Get-ChildItem -LiteralPath (Join-Path $Demo 'images/test') -Filter '*.png' | Select-Object -First 1).FullName -Destination (Join-Path $images 'a.png')
            $vertexEvaluation = Get-ModelEvaluation -GroundTruthPath $import -PredictionPath $predictions -Task Detection -ImagePath $images -WarningAction SilentlyContinue
            $report = Join-Path $vertex 'vertex.html'
            $vertexEvaluation | Export-EvaluationReport -Path $report -ImagePath $images -WarningVariable warnings -WarningAction SilentlyContinue
            $counts = (Get-ReportData $report).detection.imageCounts
            $counts.embedded | Should -Be 1
            $counts.notFound | Should -Be 0
            $warnings | Where-Object Message -Match 'not found' | Should -BeNullOrEmpty
        }

        It 'shows file names, and counts nothing, without -ImagePath' {
            $report = Join-Path $TestDrive 'names.html'
            $det | Export-EvaluationReport -Path $report -WarningVariable warnings
            (Get-ReportData $report).detection.imageCounts | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 0
        }

        It 'is an error, and no file, for a folder that does not exist' {
            $report = Join-Path $TestDrive 'missing-folder.html'
            $det | Export-EvaluationReport -Path $report -ImagePath (Join-Path $TestDrive 'no-such-folder') -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
            Test-Path -LiteralPath $report | Should -BeFalse
        }

        It 'is an error, and no file, for a classification evaluation' {
            $report = Join-Path $TestDrive 'classification-images.html'
            $demoEvaluation | Export-EvaluationReport -Path $report -ImagePath $TestDrive -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -Be 'ImagePathNeedsDetection,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
            Test-Path -LiteralPath $report | Should -BeFalse
        }
    }

    Context '-Baseline' {
        BeforeAll {
            $baselineEvaluation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $Demo 'predictions.test.baseline.jsonl')
        }

        It 'adds the comparison with the baseline: fixed and broken items and the metric differences of Compare-ModelEvaluation' {
            $report = Join-Path $TestDrive 'comparison.html'
            Export-EvaluationReport -Evaluation $demoEvaluation -Baseline $baselineEvaluation -BootstrapSamples 0 -Path $report
            $result = (Get-ReportData $report).classification.comparison.result
            # automl-eval compare on the demo: 540 items, 18 fixed, 27 broken (the demo's network against the logistic regression).
            $result.items.fixed | Should -Be 18
            $result.items.broken | Should -Be 27
            $result.bootstrapSamples | Should -Be 0
            $compared = Compare-ModelEvaluation -Reference $baselineEvaluation -Difference $demoEvaluation -BootstrapSamples 0
            $accuracy = $result.metrics | Where-Object name -eq 'accuracy'
            $accuracy.delta | Should -Be ($compared | Where-Object Metric -eq 'Accuracy').Delta
            @($result.changes | Where-Object change -eq 'fixed').Count | Should -Be 18
        }

        It 'refuses a baseline that is not a classification evaluation' {
            $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
            $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -Task Detection
            { Export-EvaluationReport -Evaluation $demoEvaluation -Baseline $det -Path (Join-Path $TestDrive 'never.html') } |
                Should -Throw -ErrorId 'TaskNotComparable,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
            Test-Path -LiteralPath (Join-Path $TestDrive 'never.html') | Should -BeFalse
        }

        It 'refuses -BootstrapSamples without -Baseline' {
            { Export-EvaluationReport -Evaluation $demoEvaluation -BootstrapSamples 10 -Path (Join-Path $TestDrive 'never.html') } |
                Should -Throw -ErrorId 'BootstrapSamplesNeedBaseline,AutoMLEval.PowerShell.Commands.ExportEvaluationReportCommand'
        }
    }
}
