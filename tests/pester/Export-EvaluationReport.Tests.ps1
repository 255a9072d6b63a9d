# Export-EvaluationReport against the built module, on the bundled digits demo and the tiny detection fixture.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $demoEvaluation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
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

    It 'writes the report of a detection evaluation' {
        $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
        $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -Task Detection
        $report = Join-Path $TestDrive 'detection.html'
        $det | Export-EvaluationReport -Path $report
        Test-Path -LiteralPath $report | Should -BeTrue
        Get-Content -LiteralPath $report -Raw | Should -Match 'Object detection'
    }
}
